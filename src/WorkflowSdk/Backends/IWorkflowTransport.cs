namespace WorkflowSdk.Backends;

/// <summary>
/// Carries <see cref="WorkMessage"/>s: the orchestration queue (one instance at a time, its messages in
/// order) and the activity queue (competing consumers). Any transport pairs with any <see cref="IWorkflowStore"/>.
/// </summary>
/// <remarks>
/// Delivery is at least once: a work item that is not completed (the worker crashed, or its lease ran out)
/// is delivered again, and duplicates are dropped by message id downstream. While one orchestration work item
/// of an instance is out, no other work item of that instance is handed out.
/// </remarks>
public interface IWorkflowTransport : IAsyncDisposable
{
    /// <summary>Declares queues or tables if they do not exist (idempotent).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Sends messages; when the task completes they are durable.</summary>
    /// <param name="messages">The messages.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task SendAsync(IReadOnlyList<WorkMessage> messages, CancellationToken cancellationToken);

    /// <summary>Receives the pending messages of one instance, waiting up to <paramref name="maxWait"/> for some.</summary>
    /// <param name="maxWait">How long to wait when nothing is pending.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A work item, or <see langword="null"/> when nothing arrived in time.</returns>
    Task<OrchestrationWorkItem?> ReceiveOrchestrationWorkItemAsync(TimeSpan maxWait, CancellationToken cancellationToken);

    /// <summary>Receives one activity call, waiting up to <paramref name="maxWait"/> for one.</summary>
    /// <param name="maxWait">How long to wait when nothing is pending.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A work item, or <see langword="null"/> when nothing arrived in time.</returns>
    Task<ActivityWorkItem?> ReceiveActivityWorkItemAsync(TimeSpan maxWait, CancellationToken cancellationToken);

    /// <summary>
    /// Whether this transport delivers straight from <paramref name="store"/>'s outbox (both live in one
    /// database), so no relay is needed.
    /// </summary>
    /// <param name="store">The store it is paired with.</param>
    /// <returns><see langword="true"/> when the outbox is this transport's queue.</returns>
    bool ConsumesOutboxOf(IWorkflowStore store) => false;

    /// <summary>
    /// Counts the messages waiting to be received (due and not leased), for the <c>workflowsdk.backlog</c> metric and
    /// for operators. Transports that cannot tell cheaply return <see langword="null"/> (the default).
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The counts, or <see langword="null"/> when unknown.</returns>
    Task<TransportBacklog?> GetBacklogAsync(CancellationToken cancellationToken) => Task.FromResult<TransportBacklog?>(null);
}

/// <summary>Messages waiting in a transport's queues.</summary>
/// <param name="OrchestrationMessages">Messages for orchestration instances that are due.</param>
/// <param name="ActivityCalls">Activity calls that are due and not being run.</param>
public sealed record TransportBacklog(long OrchestrationMessages, long ActivityCalls);
