namespace WorkflowSdk.History;

/// <summary>The orchestration called an activity.</summary>
public sealed record TaskScheduledEvent : ScheduledActionEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.TaskScheduled;

    /// <summary>The activity's name.</summary>
    public required string Name { get; init; }

    /// <summary>The serialized input.</summary>
    public byte[]? Input { get; init; }
}

/// <summary>An activity returned.</summary>
public sealed record TaskCompletedEvent : ActionResultEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.TaskCompleted;

    /// <summary>The serialized return value.</summary>
    public byte[]? Result { get; init; }
}

/// <summary>An activity threw.</summary>
public sealed record TaskFailedEvent : ActionResultEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.TaskFailed;

    /// <summary>The failure.</summary>
    public required FailureDetails FailureDetails { get; init; }
}

/// <summary>The orchestration created a durable timer.</summary>
public sealed record TimerCreatedEvent : ScheduledActionEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.TimerCreated;

    /// <summary>When the timer fires (UTC).</summary>
    public required DateTime FireAt { get; init; }
}

/// <summary>A durable timer fired.</summary>
public sealed record TimerFiredEvent : ActionResultEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.TimerFired;

    /// <summary>When the timer was due (UTC).</summary>
    public required DateTime FireAt { get; init; }
}

/// <summary>An external event arrived for the instance.</summary>
public sealed record EventRaisedEvent : HistoryEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.EventRaised;

    /// <summary>The event's name (matched case-insensitively).</summary>
    public required string Name { get; init; }

    /// <summary>The serialized event data.</summary>
    public byte[]? Input { get; init; }
}

/// <summary>The orchestration sent an event to another instance.</summary>
public sealed record EventSentEvent : ScheduledActionEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.EventSent;

    /// <summary>The receiving instance.</summary>
    public required string TargetInstanceId { get; init; }

    /// <summary>The event's name.</summary>
    public required string Name { get; init; }

    /// <summary>The serialized event data.</summary>
    public byte[]? Input { get; init; }
}

/// <summary>The orchestration started a sub-orchestration.</summary>
public sealed record SubOrchestrationInstanceCreatedEvent : ScheduledActionEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.SubOrchestrationInstanceCreated;

    /// <summary>The sub-orchestration's name.</summary>
    public required string Name { get; init; }

    /// <summary>The requested version, if any.</summary>
    public string? Version { get; init; }

    /// <summary>The sub-orchestration's instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The serialized input.</summary>
    public byte[]? Input { get; init; }
}

/// <summary>A sub-orchestration completed.</summary>
public sealed record SubOrchestrationInstanceCompletedEvent : ActionResultEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.SubOrchestrationInstanceCompleted;

    /// <summary>The serialized result.</summary>
    public byte[]? Result { get; init; }
}

/// <summary>A sub-orchestration failed (or was terminated).</summary>
public sealed record SubOrchestrationInstanceFailedEvent : ActionResultEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.SubOrchestrationInstanceFailed;

    /// <summary>The failure.</summary>
    public required FailureDetails FailureDetails { get; init; }
}
