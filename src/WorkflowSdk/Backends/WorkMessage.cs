using WorkflowSdk.History;

namespace WorkflowSdk.Backends;

/// <summary>
/// A message between clients, orchestrations and activities: a history event addressed to an instance.
/// Transports carry it; stores keep it in their outbox until it is sent.
/// </summary>
/// <remarks>
/// Every message has an id; a consumer that sees the same id twice must not apply it twice. A
/// <see cref="TaskScheduledEvent"/> goes to the activity queue (the activity call of instance
/// <see cref="InstanceId"/>); every other event goes to the orchestration queue of instance <see cref="InstanceId"/>.
/// </remarks>
public sealed record WorkMessage
{
    /// <summary>The message's unique id, used to drop duplicates.</summary>
    public required string MessageId { get; init; }

    /// <summary>
    /// The instance the message is for; for an activity call, the instance that called it (the result
    /// goes back there).
    /// </summary>
    public required string InstanceId { get; init; }

    /// <summary>
    /// The execution the message is for. <see langword="null"/> means whichever execution is current
    /// (external events, termination); a message for an execution that is no longer current is dropped.
    /// </summary>
    public string? ExecutionId { get; init; }

    /// <summary>The event to apply (or, for the activity queue, the activity call).</summary>
    public required HistoryEvent Event { get; init; }

    /// <summary>Deliver no earlier than this time (durable timers, delayed starts); <see langword="null"/> for now.</summary>
    public DateTime? VisibleAtUtc { get; init; }

    /// <summary>The W3C <c>traceparent</c> of the operation that sent the message, for distributed traces.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The queue the message belongs on.</summary>
    public WorkQueue Queue => Event is TaskScheduledEvent ? WorkQueue.Activity : WorkQueue.Orchestration;

    /// <summary>Creates a new unique message id.</summary>
    /// <returns>A 32-character hexadecimal id.</returns>
    public static string NewId() => Guid.NewGuid().ToString("N");
}

/// <summary>The two kinds of work a transport carries.</summary>
public enum WorkQueue
{
    /// <summary>Messages that advance an orchestration instance (processed one instance at a time).</summary>
    Orchestration = 0,

    /// <summary>Activity calls (processed by competing activity workers).</summary>
    Activity = 1,
}
