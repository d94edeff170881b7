namespace WorkflowSdk.History;

/// <summary>The parent of a sub-orchestration: where its result must be delivered.</summary>
/// <param name="InstanceId">The parent's instance id.</param>
/// <param name="ExecutionId">The parent's execution id.</param>
/// <param name="TaskId">The task id of the call in the parent's history.</param>
/// <param name="Name">The parent orchestration's name.</param>
public sealed record ParentInstance(string InstanceId, string ExecutionId, int TaskId, string Name);

/// <summary>An execution began: the first event of every execution's history.</summary>
public sealed record ExecutionStartedEvent : HistoryEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.ExecutionStarted;

    /// <summary>The orchestration's name.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The orchestration's version. In a start message it may be <see langword="null"/> (the worker picks
    /// its default version); in history it is the version that ran.
    /// </summary>
    public string? Version { get; init; }

    /// <summary>The execution's id; a new one for every start and every <c>ContinueAsNew</c>.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The serialized input.</summary>
    public byte[]? Input { get; init; }

    /// <summary>The parent, when this is a sub-orchestration.</summary>
    public ParentInstance? Parent { get; init; }

    /// <summary>How many executions of this instance came before this one through <c>ContinueAsNew</c>.</summary>
    public int Generation { get; init; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the span the instance's traces hang from: the client's start span, the parent
    /// orchestration's episode for a sub-orchestration, or (when the starter was not traced) the first episode's span.
    /// Every episode of the execution is a child of it, so one instance is one connected trace across processes.
    /// </summary>
    public string? TraceParent { get; init; }
}

/// <summary>The orchestration method returned: the execution completed.</summary>
public sealed record ExecutionCompletedEvent : HistoryEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.ExecutionCompleted;

    /// <summary>The serialized return value.</summary>
    public byte[]? Result { get; init; }
}

/// <summary>The orchestration method threw (or could not run): the execution failed.</summary>
public sealed record ExecutionFailedEvent : HistoryEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.ExecutionFailed;

    /// <summary>The failure.</summary>
    public required FailureDetails FailureDetails { get; init; }
}

/// <summary>The instance was terminated from outside; pending work is abandoned.</summary>
public sealed record ExecutionTerminatedEvent : HistoryEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.ExecutionTerminated;

    /// <summary>The serialized reason, which becomes the instance's output.</summary>
    public byte[]? Reason { get; init; }
}

/// <summary>The execution ended through <c>ContinueAsNew</c>; a new execution starts with <see cref="Input"/>.</summary>
public sealed record ExecutionContinuedAsNewEvent : HistoryEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.ExecutionContinuedAsNew;

    /// <summary>The serialized input of the new execution.</summary>
    public byte[]? Input { get; init; }

    /// <summary>The new execution's id.</summary>
    public required string NewExecutionId { get; init; }
}

/// <summary>The instance was suspended: messages are kept, unapplied, until it is resumed.</summary>
public sealed record ExecutionSuspendedEvent : HistoryEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.ExecutionSuspended;

    /// <summary>Why, if the caller said.</summary>
    public string? Reason { get; init; }
}

/// <summary>The instance was resumed: messages kept while suspended are applied in arrival order.</summary>
public sealed record ExecutionResumedEvent : HistoryEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.ExecutionResumed;

    /// <summary>Why, if the caller said.</summary>
    public string? Reason { get; init; }
}

/// <summary>An episode began; its timestamp is the orchestration's current time for the episode.</summary>
public sealed record OrchestratorStartedEvent : HistoryEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.OrchestratorStarted;
}

/// <summary>An episode ended; everything before it was committed together.</summary>
public sealed record OrchestratorCompletedEvent : HistoryEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.OrchestratorCompleted;
}
