using F = WorkflowSdk.History.HistoryFields;

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

    /// <summary>The event's fields, in order.</summary>
    internal readonly struct Schema : IHistoryEventSchema<ExecutionStartedEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, ExecutionStartedEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
            writer.String(F.Name, e.Name);
            writer.String(F.Version, e.Version);
            writer.String(F.ExecutionId, e.ExecutionId);
            writer.Payload(F.Input, e.Input);
            writer.Parent(F.Parent, e.Parent);
            writer.Int32(F.Generation, e.Generation);
            writer.String(F.TraceParent, e.TraceParent);
        }

        public static ExecutionStartedEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct => new()
        {
            Timestamp = reader.Timestamp,
            MessageId = reader.MessageId,
            Name = reader.RequiredString(F.Name),
            Version = reader.String(F.Version),
            ExecutionId = reader.RequiredString(F.ExecutionId),
            Input = reader.Payload(F.Input),
            Parent = reader.Parent(F.Parent),
            Generation = reader.Int32(F.Generation),
            TraceParent = reader.String(F.TraceParent),
        };
    }
}

/// <summary>The orchestration method returned: the execution completed.</summary>
public sealed record ExecutionCompletedEvent : HistoryEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.ExecutionCompleted;

    /// <summary>The serialized return value.</summary>
    public byte[]? Result { get; init; }

    /// <summary>The event's fields, in order.</summary>
    internal readonly struct Schema : IHistoryEventSchema<ExecutionCompletedEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, ExecutionCompletedEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
            writer.Payload(F.Result, e.Result);
        }

        public static ExecutionCompletedEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct => new()
        {
            Timestamp = reader.Timestamp,
            MessageId = reader.MessageId,
            Result = reader.Payload(F.Result),
        };
    }
}

/// <summary>The orchestration method threw (or could not run): the execution failed.</summary>
public sealed record ExecutionFailedEvent : HistoryEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.ExecutionFailed;

    /// <summary>The failure.</summary>
    public required FailureDetails FailureDetails { get; init; }

    /// <summary>The event's fields, in order.</summary>
    internal readonly struct Schema : IHistoryEventSchema<ExecutionFailedEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, ExecutionFailedEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
            writer.Failure(F.Failure, e.FailureDetails);
        }

        public static ExecutionFailedEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct => new()
        {
            Timestamp = reader.Timestamp,
            MessageId = reader.MessageId,
            FailureDetails = reader.Failure(F.Failure),
        };
    }
}

/// <summary>The instance was terminated from outside; pending work is abandoned.</summary>
public sealed record ExecutionTerminatedEvent : HistoryEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.ExecutionTerminated;

    /// <summary>The serialized reason, which becomes the instance's output.</summary>
    public byte[]? Reason { get; init; }

    /// <summary>The event's fields, in order.</summary>
    internal readonly struct Schema : IHistoryEventSchema<ExecutionTerminatedEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, ExecutionTerminatedEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
            writer.Payload(F.ReasonPayload, e.Reason);
        }

        public static ExecutionTerminatedEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct => new()
        {
            Timestamp = reader.Timestamp,
            MessageId = reader.MessageId,
            Reason = reader.Payload(F.ReasonPayload),
        };
    }
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

    /// <summary>The event's fields, in order.</summary>
    internal readonly struct Schema : IHistoryEventSchema<ExecutionContinuedAsNewEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, ExecutionContinuedAsNewEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
            writer.Payload(F.Input, e.Input);
            writer.String(F.NewExecutionId, e.NewExecutionId);
        }

        public static ExecutionContinuedAsNewEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct => new()
        {
            Timestamp = reader.Timestamp,
            MessageId = reader.MessageId,
            Input = reader.Payload(F.Input),
            NewExecutionId = reader.RequiredString(F.NewExecutionId),
        };
    }
}

/// <summary>The instance was suspended: messages are kept, unapplied, until it is resumed.</summary>
public sealed record ExecutionSuspendedEvent : HistoryEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.ExecutionSuspended;

    /// <summary>Why, if the caller said.</summary>
    public string? Reason { get; init; }

    /// <summary>The event's fields, in order.</summary>
    internal readonly struct Schema : IHistoryEventSchema<ExecutionSuspendedEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, ExecutionSuspendedEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
            writer.String(F.ReasonText, e.Reason);
        }

        public static ExecutionSuspendedEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct => new()
        {
            Timestamp = reader.Timestamp,
            MessageId = reader.MessageId,
            Reason = reader.String(F.ReasonText),
        };
    }
}

/// <summary>The instance was resumed: messages kept while suspended are applied in arrival order.</summary>
public sealed record ExecutionResumedEvent : HistoryEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.ExecutionResumed;

    /// <summary>Why, if the caller said.</summary>
    public string? Reason { get; init; }

    /// <summary>The event's fields, in order.</summary>
    internal readonly struct Schema : IHistoryEventSchema<ExecutionResumedEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, ExecutionResumedEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
            writer.String(F.ReasonText, e.Reason);
        }

        public static ExecutionResumedEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct => new()
        {
            Timestamp = reader.Timestamp,
            MessageId = reader.MessageId,
            Reason = reader.String(F.ReasonText),
        };
    }
}

/// <summary>An episode began; its timestamp is the orchestration's current time for the episode.</summary>
public sealed record OrchestratorStartedEvent : HistoryEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.OrchestratorStarted;

    /// <summary>The event's fields, in order: none beyond the header.</summary>
    internal readonly struct Schema : IHistoryEventSchema<OrchestratorStartedEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, OrchestratorStartedEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
        }

        public static OrchestratorStartedEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct =>
            new() { Timestamp = reader.Timestamp, MessageId = reader.MessageId };
    }
}

/// <summary>An episode ended; everything before it was committed together.</summary>
public sealed record OrchestratorCompletedEvent : HistoryEvent
{
    /// <inheritdoc/>
    public override HistoryEventType EventType => HistoryEventType.OrchestratorCompleted;

    /// <summary>The event's fields, in order: none beyond the header.</summary>
    internal readonly struct Schema : IHistoryEventSchema<OrchestratorCompletedEvent>
    {
        public static void Write<TWriter>(ref TWriter writer, OrchestratorCompletedEvent e)
            where TWriter : IHistoryFieldWriter, allows ref struct
        {
        }

        public static OrchestratorCompletedEvent Read<TReader>(ref TReader reader)
            where TReader : IHistoryFieldReader, allows ref struct =>
            new() { Timestamp = reader.Timestamp, MessageId = reader.MessageId };
    }
}
