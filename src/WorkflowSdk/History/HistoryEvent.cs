namespace WorkflowSdk.History;

/// <summary>
/// One recorded step of an orchestration execution. An instance's state is its history: replaying
/// these events through the orchestration code rebuilds exactly where it was.
/// </summary>
/// <remarks>
/// <para>A history is a sequence of <em>episodes</em>. Each begins with <see cref="OrchestratorStartedEvent"/>
/// (whose timestamp is the orchestration's <see cref="OrchestrationContext.CurrentUtcDateTime"/> for that
/// episode), continues with the messages the episode applied (e.g. <see cref="TaskCompletedEvent"/>), then the
/// actions the code took (e.g. <see cref="TaskScheduledEvent"/>), possibly a terminal event, and ends with
/// <see cref="OrchestratorCompletedEvent"/>.</para>
/// <para>Payloads (<c>Input</c>, <c>Result</c>) are kept as the bytes the payload serializer produced.</para>
/// </remarks>
public abstract record HistoryEvent
{
    /// <summary>The kind of event; also its tag in the wire format.</summary>
    public abstract HistoryEventType EventType { get; }

    /// <summary>When the event was recorded (UTC).</summary>
    public DateTime Timestamp { get; init; }

    /// <summary>
    /// For an event that arrived as a message, the message's id; a second message with the same id
    /// changes nothing. <see langword="null"/> for events the orchestration produced itself.
    /// </summary>
    public string? MessageId { get; init; }
}

/// <summary>An action the orchestration code took that received a task id from the execution's counter.</summary>
public abstract record ScheduledActionEvent : HistoryEvent
{
    /// <summary>
    /// The action's sequence number. Activities, timers, sub-orchestrations and sent events take ids from
    /// one counter per execution, starting at 0, in the order the code schedules them.
    /// </summary>
    public required int TaskId { get; init; }

    /// <summary>Where the code scheduled the action (<c>File.cs:42 in Member</c>), when known.</summary>
    public string? Source { get; init; }
}

/// <summary>An event that completes (or fails) a scheduled action.</summary>
public abstract record ActionResultEvent : HistoryEvent
{
    /// <summary>The <see cref="ScheduledActionEvent.TaskId"/> of the action this event completes.</summary>
    public required int TaskId { get; init; }
}

/// <summary>The kinds of history event. The numeric values are the wire-format tags: never renumber.</summary>
public enum HistoryEventType : byte
{
    /// <summary>An execution began (<see cref="ExecutionStartedEvent"/>).</summary>
    ExecutionStarted = 1,

    /// <summary>The orchestration returned (<see cref="ExecutionCompletedEvent"/>).</summary>
    ExecutionCompleted = 2,

    /// <summary>The orchestration threw (<see cref="ExecutionFailedEvent"/>).</summary>
    ExecutionFailed = 3,

    /// <summary>The instance was terminated (<see cref="ExecutionTerminatedEvent"/>).</summary>
    ExecutionTerminated = 4,

    /// <summary>The execution continued as a new one (<see cref="ExecutionContinuedAsNewEvent"/>).</summary>
    ExecutionContinuedAsNew = 5,

    /// <summary>The instance was suspended (<see cref="ExecutionSuspendedEvent"/>).</summary>
    ExecutionSuspended = 6,

    /// <summary>The instance was resumed (<see cref="ExecutionResumedEvent"/>).</summary>
    ExecutionResumed = 7,

    /// <summary>An episode began (<see cref="OrchestratorStartedEvent"/>).</summary>
    OrchestratorStarted = 8,

    /// <summary>An episode ended (<see cref="OrchestratorCompletedEvent"/>).</summary>
    OrchestratorCompleted = 9,

    /// <summary>An activity was scheduled (<see cref="TaskScheduledEvent"/>).</summary>
    TaskScheduled = 10,

    /// <summary>An activity completed (<see cref="TaskCompletedEvent"/>).</summary>
    TaskCompleted = 11,

    /// <summary>An activity failed (<see cref="TaskFailedEvent"/>).</summary>
    TaskFailed = 12,

    /// <summary>A durable timer was created (<see cref="TimerCreatedEvent"/>).</summary>
    TimerCreated = 13,

    /// <summary>A durable timer fired (<see cref="TimerFiredEvent"/>).</summary>
    TimerFired = 14,

    /// <summary>An external event arrived (<see cref="EventRaisedEvent"/>).</summary>
    EventRaised = 15,

    /// <summary>The orchestration sent an event to another instance (<see cref="EventSentEvent"/>).</summary>
    EventSent = 16,

    /// <summary>A sub-orchestration was started (<see cref="SubOrchestrationInstanceCreatedEvent"/>).</summary>
    SubOrchestrationInstanceCreated = 17,

    /// <summary>A sub-orchestration completed (<see cref="SubOrchestrationInstanceCompletedEvent"/>).</summary>
    SubOrchestrationInstanceCompleted = 18,

    /// <summary>A sub-orchestration failed (<see cref="SubOrchestrationInstanceFailedEvent"/>).</summary>
    SubOrchestrationInstanceFailed = 19,
}
