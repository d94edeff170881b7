namespace WorkflowSdk.History;

/// <summary>
/// Dispatches a history event to its type's <see cref="IHistoryEventSchema{TEvent}"/>: the one place every format
/// (MessagePack in <see cref="Serialization.WireFormat"/>, BSON in the MongoDB store, the JSON view in
/// <see cref="HistoryJson"/>) goes through to write or read an event's fields.
/// </summary>
/// <remarks>Adding an event type: declare its record and its nested <c>Schema</c>, then add it to both switches here.</remarks>
internal static class HistoryEventSchema
{
    /// <summary>Writes an event (header and fields) with <paramref name="writer"/>.</summary>
    /// <returns><see langword="false"/>, having written nothing, when the event's type has no schema.</returns>
    public static bool TryWrite<TWriter>(ref TWriter writer, HistoryEvent e)
        where TWriter : IHistoryFieldWriter, allows ref struct
    {
        switch (e)
        {
            case ExecutionStartedEvent x: Emit<TWriter, ExecutionStartedEvent, ExecutionStartedEvent.Schema>(ref writer, x); return true;
            case ExecutionCompletedEvent x: Emit<TWriter, ExecutionCompletedEvent, ExecutionCompletedEvent.Schema>(ref writer, x); return true;
            case ExecutionFailedEvent x: Emit<TWriter, ExecutionFailedEvent, ExecutionFailedEvent.Schema>(ref writer, x); return true;
            case ExecutionTerminatedEvent x: Emit<TWriter, ExecutionTerminatedEvent, ExecutionTerminatedEvent.Schema>(ref writer, x); return true;
            case ExecutionContinuedAsNewEvent x: Emit<TWriter, ExecutionContinuedAsNewEvent, ExecutionContinuedAsNewEvent.Schema>(ref writer, x); return true;
            case ExecutionSuspendedEvent x: Emit<TWriter, ExecutionSuspendedEvent, ExecutionSuspendedEvent.Schema>(ref writer, x); return true;
            case ExecutionResumedEvent x: Emit<TWriter, ExecutionResumedEvent, ExecutionResumedEvent.Schema>(ref writer, x); return true;
            case OrchestratorStartedEvent x: Emit<TWriter, OrchestratorStartedEvent, OrchestratorStartedEvent.Schema>(ref writer, x); return true;
            case OrchestratorCompletedEvent x: Emit<TWriter, OrchestratorCompletedEvent, OrchestratorCompletedEvent.Schema>(ref writer, x); return true;
            case TaskScheduledEvent x: Emit<TWriter, TaskScheduledEvent, TaskScheduledEvent.Schema>(ref writer, x); return true;
            case TaskCompletedEvent x: Emit<TWriter, TaskCompletedEvent, TaskCompletedEvent.Schema>(ref writer, x); return true;
            case TaskFailedEvent x: Emit<TWriter, TaskFailedEvent, TaskFailedEvent.Schema>(ref writer, x); return true;
            case TimerCreatedEvent x: Emit<TWriter, TimerCreatedEvent, TimerCreatedEvent.Schema>(ref writer, x); return true;
            case TimerFiredEvent x: Emit<TWriter, TimerFiredEvent, TimerFiredEvent.Schema>(ref writer, x); return true;
            case EventRaisedEvent x: Emit<TWriter, EventRaisedEvent, EventRaisedEvent.Schema>(ref writer, x); return true;
            case EventSentEvent x: Emit<TWriter, EventSentEvent, EventSentEvent.Schema>(ref writer, x); return true;
            case SubOrchestrationInstanceCreatedEvent x: Emit<TWriter, SubOrchestrationInstanceCreatedEvent, SubOrchestrationInstanceCreatedEvent.Schema>(ref writer, x); return true;
            case SubOrchestrationInstanceCompletedEvent x: Emit<TWriter, SubOrchestrationInstanceCompletedEvent, SubOrchestrationInstanceCompletedEvent.Schema>(ref writer, x); return true;
            case SubOrchestrationInstanceFailedEvent x: Emit<TWriter, SubOrchestrationInstanceFailedEvent, SubOrchestrationInstanceFailedEvent.Schema>(ref writer, x); return true;
            default: return false;
        }
    }

    /// <summary>Reads the fields of an event of type <paramref name="type"/> (the format has read its header).</summary>
    /// <returns>The event, or <see langword="null"/> when <paramref name="type"/> is not a known event type.</returns>
    public static HistoryEvent? Read<TReader>(ref TReader reader, HistoryEventType type)
        where TReader : IHistoryFieldReader, allows ref struct => type switch
    {
        HistoryEventType.ExecutionStarted => ExecutionStartedEvent.Schema.Read(ref reader),
        HistoryEventType.ExecutionCompleted => ExecutionCompletedEvent.Schema.Read(ref reader),
        HistoryEventType.ExecutionFailed => ExecutionFailedEvent.Schema.Read(ref reader),
        HistoryEventType.ExecutionTerminated => ExecutionTerminatedEvent.Schema.Read(ref reader),
        HistoryEventType.ExecutionContinuedAsNew => ExecutionContinuedAsNewEvent.Schema.Read(ref reader),
        HistoryEventType.ExecutionSuspended => ExecutionSuspendedEvent.Schema.Read(ref reader),
        HistoryEventType.ExecutionResumed => ExecutionResumedEvent.Schema.Read(ref reader),
        HistoryEventType.OrchestratorStarted => OrchestratorStartedEvent.Schema.Read(ref reader),
        HistoryEventType.OrchestratorCompleted => OrchestratorCompletedEvent.Schema.Read(ref reader),
        HistoryEventType.TaskScheduled => TaskScheduledEvent.Schema.Read(ref reader),
        HistoryEventType.TaskCompleted => TaskCompletedEvent.Schema.Read(ref reader),
        HistoryEventType.TaskFailed => TaskFailedEvent.Schema.Read(ref reader),
        HistoryEventType.TimerCreated => TimerCreatedEvent.Schema.Read(ref reader),
        HistoryEventType.TimerFired => TimerFiredEvent.Schema.Read(ref reader),
        HistoryEventType.EventRaised => EventRaisedEvent.Schema.Read(ref reader),
        HistoryEventType.EventSent => EventSentEvent.Schema.Read(ref reader),
        HistoryEventType.SubOrchestrationInstanceCreated => SubOrchestrationInstanceCreatedEvent.Schema.Read(ref reader),
        HistoryEventType.SubOrchestrationInstanceCompleted => SubOrchestrationInstanceCompletedEvent.Schema.Read(ref reader),
        HistoryEventType.SubOrchestrationInstanceFailed => SubOrchestrationInstanceFailedEvent.Schema.Read(ref reader),
        _ => null,
    };

    private static void Emit<TWriter, TEvent, TSchema>(ref TWriter writer, TEvent e)
        where TWriter : IHistoryFieldWriter, allows ref struct
        where TEvent : HistoryEvent
        where TSchema : struct, IHistoryEventSchema<TEvent>
    {
        var count = 0;
        if (TWriter.NeedsFieldCount)
        {
            var counter = default(FieldCounter);
            TSchema.Write(ref counter, e);
            count = counter.Count;
        }

        writer.BeginEvent(e, count);
        TSchema.Write(ref writer, e);
        writer.EndEvent();
    }

    /// <summary>Counts the fields the binary form writes: all of them, except appended ones without a value at the end.</summary>
    private struct FieldCounter : IHistoryFieldWriter
    {
        private int _position;

        public int Count { get; private set; }

        public static bool NeedsFieldCount => false;

        public readonly void BeginEvent(HistoryEvent e, int fieldCount)
        {
        }

        public readonly void EndEvent()
        {
        }

        public void Int32(HistoryField field, int value) => Count = ++_position;

        public void String(HistoryField field, string? value) => Add(value is not null, field);

        public void Payload(HistoryField field, byte[]? value) => Add(value is not null, field);

        public void Time(HistoryField field, DateTime value) => Count = ++_position;

        public void Failure(HistoryField field, FailureDetails value) => Count = ++_position;

        public void Parent(HistoryField field, ParentInstance? value) => Add(value is not null, field);

        private void Add(bool hasValue, HistoryField field)
        {
            _position++;
            if (hasValue || !field.IsAppended)
            {
                Count = _position;
            }
        }
    }
}
