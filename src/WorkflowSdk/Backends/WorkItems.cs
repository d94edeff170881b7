namespace WorkflowSdk.Backends;

/// <summary>The pending messages of one orchestration instance, leased to one worker.</summary>
public abstract class OrchestrationWorkItem
{
    /// <summary>Creates a work item.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="messages">Its messages, oldest first.</param>
    /// <param name="deliveryCount">The highest delivery count among the messages (1 on first delivery).</param>
    protected OrchestrationWorkItem(string instanceId, IReadOnlyList<WorkMessage> messages, int deliveryCount)
    {
        InstanceId = instanceId;
        Messages = messages;
        DeliveryCount = deliveryCount;
    }

    /// <summary>The instance the messages are for.</summary>
    public string InstanceId { get; }

    /// <summary>The messages, oldest first.</summary>
    public IReadOnlyList<WorkMessage> Messages { get; }

    /// <summary>How many times (at most) these messages have been delivered, this time included.</summary>
    public int DeliveryCount { get; }

    /// <summary>
    /// The instance's record, when the transport read it together with the messages (a backend that is both store
    /// and transport does, in the same transaction); <see langword="null"/> otherwise. The worker then skips reading it.
    /// </summary>
    public InstanceRecord? PrefetchedInstance { get; protected init; }

    /// <summary>Whether the messages are acknowledged (by <see cref="CompleteAsync"/>, or by a store commit that did it atomically).</summary>
    public bool IsCompleted { get; protected internal set; }

    /// <summary>Acknowledges the messages: they will not be delivered again. Does nothing if already completed.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    public abstract Task CompleteAsync(CancellationToken cancellationToken);

    /// <summary>Releases the messages for redelivery after <paramref name="delay"/>.</summary>
    /// <param name="delay">How long before they are delivered again.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    public abstract Task AbandonAsync(TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>Moves the messages to the dead-letter store with a reason, so they are kept but never delivered again.</summary>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    public abstract Task DeadLetterAsync(string reason, CancellationToken cancellationToken);
}

/// <summary>One activity call, leased to one worker.</summary>
public abstract class ActivityWorkItem
{
    /// <summary>Creates a work item.</summary>
    /// <param name="message">The call (its event is a <see cref="History.TaskScheduledEvent"/>).</param>
    /// <param name="deliveryCount">How many times it has been delivered, this time included.</param>
    protected ActivityWorkItem(WorkMessage message, int deliveryCount)
    {
        Message = message;
        DeliveryCount = deliveryCount;
    }

    /// <summary>The activity call.</summary>
    public WorkMessage Message { get; }

    /// <summary>How many times the call has been delivered, this time included.</summary>
    public int DeliveryCount { get; }

    /// <summary>
    /// Sends the result (a <see cref="History.TaskCompletedEvent"/> or <see cref="History.TaskFailedEvent"/> for the
    /// calling instance) and acknowledges the call, atomically where the transport can.
    /// </summary>
    /// <param name="result">The result message.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when the lease was lost and another worker owns the call now (the result is discarded).</returns>
    public abstract Task<bool> CompleteAsync(WorkMessage result, CancellationToken cancellationToken);

    /// <summary>Releases the call for redelivery after <paramref name="delay"/>.</summary>
    /// <param name="delay">How long before it is delivered again.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    public abstract Task AbandonAsync(TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>Extends the lease of a long-running call.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when the lease was already lost.</returns>
    public abstract Task<bool> RenewLeaseAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Keeps a copy of the call in the dead-letter store with a reason, then completes it with
    /// <paramref name="failureResult"/> so the calling orchestration learns of it.
    /// </summary>
    /// <param name="reason">Why.</param>
    /// <param name="failureResult">The failure to report to the caller.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    public abstract Task DeadLetterAsync(string reason, WorkMessage failureResult, CancellationToken cancellationToken);
}
