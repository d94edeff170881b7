using F = WorkflowSdk.History.HistoryFields;

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

    /// <summary>The event's fields, in order.</summary>
    internal readonly struct Schema : IHistoryEventSchema<TaskScheduledEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, TaskScheduledEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
            writer.Int32(F.TaskId, e.TaskId);
            writer.String(F.Source, e.Source);
            writer.String(F.Name, e.Name);
            writer.Payload(F.Input, e.Input);
        }

        public static TaskScheduledEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct => new()
        {
            Timestamp = reader.Timestamp,
            MessageId = reader.MessageId,
            TaskId = reader.Int32(F.TaskId),
            Source = reader.String(F.Source),
            Name = reader.RequiredString(F.Name),
            Input = reader.Payload(F.Input),
        };
    }
}

/// <summary>An activity returned.</summary>
public sealed record TaskCompletedEvent : ActionResultEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.TaskCompleted;

    /// <summary>The serialized return value.</summary>
    public byte[]? Result { get; init; }

    /// <summary>The event's fields, in order.</summary>
    internal readonly struct Schema : IHistoryEventSchema<TaskCompletedEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, TaskCompletedEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
            writer.Int32(F.TaskId, e.TaskId);
            writer.Payload(F.Result, e.Result);
        }

        public static TaskCompletedEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct => new()
        {
            Timestamp = reader.Timestamp,
            MessageId = reader.MessageId,
            TaskId = reader.Int32(F.TaskId),
            Result = reader.Payload(F.Result),
        };
    }
}

/// <summary>An activity threw.</summary>
public sealed record TaskFailedEvent : ActionResultEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.TaskFailed;

    /// <summary>The failure.</summary>
    public required FailureDetails FailureDetails { get; init; }

    /// <summary>The event's fields, in order.</summary>
    internal readonly struct Schema : IHistoryEventSchema<TaskFailedEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, TaskFailedEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
            writer.Int32(F.TaskId, e.TaskId);
            writer.Failure(F.Failure, e.FailureDetails);
        }

        public static TaskFailedEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct => new()
        {
            Timestamp = reader.Timestamp,
            MessageId = reader.MessageId,
            TaskId = reader.Int32(F.TaskId),
            FailureDetails = reader.Failure(F.Failure),
        };
    }
}

/// <summary>The orchestration created a durable timer.</summary>
public sealed record TimerCreatedEvent : ScheduledActionEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.TimerCreated;

    /// <summary>When the timer fires (UTC).</summary>
    public required DateTime FireAt { get; init; }

    /// <summary>The event's fields, in order.</summary>
    internal readonly struct Schema : IHistoryEventSchema<TimerCreatedEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, TimerCreatedEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
            writer.Int32(F.TaskId, e.TaskId);
            writer.String(F.Source, e.Source);
            writer.Time(F.FireAt, e.FireAt);
        }

        public static TimerCreatedEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct => new()
        {
            Timestamp = reader.Timestamp,
            MessageId = reader.MessageId,
            TaskId = reader.Int32(F.TaskId),
            Source = reader.String(F.Source),
            FireAt = reader.Time(F.FireAt),
        };
    }
}

/// <summary>A durable timer fired.</summary>
public sealed record TimerFiredEvent : ActionResultEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.TimerFired;

    /// <summary>When the timer was due (UTC).</summary>
    public required DateTime FireAt { get; init; }

    /// <summary>The event's fields, in order.</summary>
    internal readonly struct Schema : IHistoryEventSchema<TimerFiredEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, TimerFiredEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
            writer.Int32(F.TaskId, e.TaskId);
            writer.Time(F.FireAt, e.FireAt);
        }

        public static TimerFiredEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct => new()
        {
            Timestamp = reader.Timestamp,
            MessageId = reader.MessageId,
            TaskId = reader.Int32(F.TaskId),
            FireAt = reader.Time(F.FireAt),
        };
    }
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

    /// <summary>The event's fields, in order.</summary>
    internal readonly struct Schema : IHistoryEventSchema<EventRaisedEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, EventRaisedEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
            writer.String(F.Name, e.Name);
            writer.Payload(F.Input, e.Input);
        }

        public static EventRaisedEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct => new()
        {
            Timestamp = reader.Timestamp,
            MessageId = reader.MessageId,
            Name = reader.RequiredString(F.Name),
            Input = reader.Payload(F.Input),
        };
    }
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

    /// <summary>The event's fields, in order.</summary>
    internal readonly struct Schema : IHistoryEventSchema<EventSentEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, EventSentEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
            writer.Int32(F.TaskId, e.TaskId);
            writer.String(F.Source, e.Source);
            writer.String(F.TargetInstanceId, e.TargetInstanceId);
            writer.String(F.Name, e.Name);
            writer.Payload(F.Input, e.Input);
        }

        public static EventSentEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct => new()
        {
            Timestamp = reader.Timestamp,
            MessageId = reader.MessageId,
            TaskId = reader.Int32(F.TaskId),
            Source = reader.String(F.Source),
            TargetInstanceId = reader.RequiredString(F.TargetInstanceId),
            Name = reader.RequiredString(F.Name),
            Input = reader.Payload(F.Input),
        };
    }
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

    /// <summary>The event's fields, in order.</summary>
    internal readonly struct Schema : IHistoryEventSchema<SubOrchestrationInstanceCreatedEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, SubOrchestrationInstanceCreatedEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
            writer.Int32(F.TaskId, e.TaskId);
            writer.String(F.Source, e.Source);
            writer.String(F.Name, e.Name);
            writer.String(F.Version, e.Version);
            writer.String(F.InstanceId, e.InstanceId);
            writer.Payload(F.Input, e.Input);
        }

        public static SubOrchestrationInstanceCreatedEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct => new()
        {
            Timestamp = reader.Timestamp,
            MessageId = reader.MessageId,
            TaskId = reader.Int32(F.TaskId),
            Source = reader.String(F.Source),
            Name = reader.RequiredString(F.Name),
            Version = reader.String(F.Version),
            InstanceId = reader.RequiredString(F.InstanceId),
            Input = reader.Payload(F.Input),
        };
    }
}

/// <summary>A sub-orchestration completed.</summary>
public sealed record SubOrchestrationInstanceCompletedEvent : ActionResultEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.SubOrchestrationInstanceCompleted;

    /// <summary>The serialized result.</summary>
    public byte[]? Result { get; init; }

    /// <summary>The event's fields, in order.</summary>
    internal readonly struct Schema : IHistoryEventSchema<SubOrchestrationInstanceCompletedEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, SubOrchestrationInstanceCompletedEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
            writer.Int32(F.TaskId, e.TaskId);
            writer.Payload(F.Result, e.Result);
        }

        public static SubOrchestrationInstanceCompletedEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct => new()
        {
            Timestamp = reader.Timestamp,
            MessageId = reader.MessageId,
            TaskId = reader.Int32(F.TaskId),
            Result = reader.Payload(F.Result),
        };
    }
}

/// <summary>A sub-orchestration failed (or was terminated).</summary>
public sealed record SubOrchestrationInstanceFailedEvent : ActionResultEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.SubOrchestrationInstanceFailed;

    /// <summary>The failure.</summary>
    public required FailureDetails FailureDetails { get; init; }

    /// <summary>The event's fields, in order.</summary>
    internal readonly struct Schema : IHistoryEventSchema<SubOrchestrationInstanceFailedEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, SubOrchestrationInstanceFailedEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
            writer.Int32(F.TaskId, e.TaskId);
            writer.Failure(F.Failure, e.FailureDetails);
        }

        public static SubOrchestrationInstanceFailedEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct => new()
        {
            Timestamp = reader.Timestamp,
            MessageId = reader.MessageId,
            TaskId = reader.Int32(F.TaskId),
            FailureDetails = reader.Failure(F.Failure),
        };
    }
}
