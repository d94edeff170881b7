using WorkflowSdk.History;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.Testing;

/// <summary>
/// The one set of history event samples every encoding is tested with (MessagePack and the schema here, BSON and the
/// JSON view in WorkflowSdk.MongoDB.Tests, which links this file). Adding an event type: add one <see cref="Full"/>
/// sample with every field set and one <see cref="Minimal"/> sample with every optional field left out; the tests
/// find event types by reflection and fail for a type without both.
/// </summary>
internal static class HistoryEventSamples
{
    /// <summary>A time with ticks below the millisecond (they must survive the BSON date).</summary>
    public static readonly DateTime T0 = new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567);

    /// <summary>Renders payloads the way the client and the CLI do.</summary>
    public static readonly PayloadCodec Codec = new(new MessagePackPayloadSerializer());

    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private static readonly FailureDetails Failure = new(
        "System.InvalidOperationException",
        "outer ü",
        "   at Somewhere()\n   at Elsewhere()",
        new FailureDetails("System.IO.IOException", "inner", null, new FailureDetails("X", ""), IsNonRetriable: true)
        {
            BaseTypes = ["System.SystemException", "System.Exception"],
        },
        IsNonRetriable: true)
    {
        BaseTypes = ["System.SystemException", "System.Exception"],
    };

    /// <summary>Every event type once, with every field (header included) set to a value that is not its default.</summary>
    public static IReadOnlyList<HistoryEvent> Full =>
    [
        new ExecutionStartedEvent
        {
            Timestamp = T0, MessageId = "m-start", Name = "Flow", Version = "2.0", ExecutionId = "exec", Input = Payload(new[] { 1, 2, 3 }),
            Parent = new ParentInstance("parent", "parent-exec", 7, "ParentFlow"), Generation = 4, TraceParent = TraceParent,
        },
        new ExecutionCompletedEvent { Timestamp = T0, MessageId = "m-completed", Result = Payload("done") },
        new ExecutionFailedEvent { Timestamp = T0, MessageId = "m-failed", FailureDetails = Failure },
        new ExecutionTerminatedEvent { Timestamp = T0, MessageId = "m-terminated", Reason = Payload("stop") },
        new ExecutionContinuedAsNewEvent { Timestamp = T0, MessageId = "m-can", Input = Payload(6), NewExecutionId = "exec-2" },
        new ExecutionSuspendedEvent { Timestamp = T0, MessageId = "m-suspended", Reason = "maintenance" },
        new ExecutionResumedEvent { Timestamp = T0, MessageId = "m-resumed", Reason = "done" },
        new OrchestratorStartedEvent { Timestamp = T0, MessageId = "m-os" },
        new OrchestratorCompletedEvent { Timestamp = T0.AddMilliseconds(3), MessageId = "m-oc" },
        new TaskScheduledEvent { Timestamp = T0, MessageId = "m-ts", TaskId = 1, Source = "Flow.cs:42 in Run", Name = "Charge", Input = Payload(new Dictionary<string, double> { ["amount"] = 12.5 }) },
        new TaskCompletedEvent { Timestamp = T0, MessageId = "m-tc", TaskId = 1, Result = Payload(true) },
        new TaskFailedEvent { Timestamp = T0, MessageId = "m-tf", TaskId = 2, FailureDetails = Failure },
        new TimerCreatedEvent { Timestamp = T0, MessageId = "m-timer", TaskId = 3, Source = "Flow.cs:50 in Run", FireAt = T0.AddDays(3).AddTicks(1) },
        new TimerFiredEvent { Timestamp = T0, MessageId = "m-fired", TaskId = 3, FireAt = T0.AddDays(3).AddTicks(1) },
        new EventRaisedEvent { Timestamp = T0, MessageId = "m-raised", Name = "Approval", Input = Payload("yes") },
        new EventSentEvent { Timestamp = T0, MessageId = "m-sent", TaskId = 4, Source = "Flow.cs:60 in Run", TargetInstanceId = "other", Name = "Ping", Input = Payload(2) },
        new SubOrchestrationInstanceCreatedEvent
        {
            Timestamp = T0, MessageId = "m-sub", TaskId = 6, Source = "Flow.cs:70 in Run", Name = "Child", Version = "1", InstanceId = "child", Input = Payload(3),
        },
        new SubOrchestrationInstanceCompletedEvent { Timestamp = T0, MessageId = "m-subc", TaskId = 6, Result = Payload(8) },
        new SubOrchestrationInstanceFailedEvent { Timestamp = T0, MessageId = "m-subf", TaskId = 6, FailureDetails = Failure },
    ];

    /// <summary>Every event type once, with every optional field left out (<see langword="null"/> or 0).</summary>
    public static IReadOnlyList<HistoryEvent> Minimal =>
    [
        new ExecutionStartedEvent { Timestamp = T0, Name = "Flow", ExecutionId = "exec" },
        new ExecutionCompletedEvent { Timestamp = T0 },
        new ExecutionFailedEvent { Timestamp = T0, FailureDetails = new FailureDetails("E", "") },
        new ExecutionTerminatedEvent { Timestamp = T0 },
        new ExecutionContinuedAsNewEvent { Timestamp = T0, NewExecutionId = "exec-2" },
        new ExecutionSuspendedEvent { Timestamp = T0 },
        new ExecutionResumedEvent { Timestamp = T0 },
        new OrchestratorStartedEvent { Timestamp = T0 },
        new OrchestratorCompletedEvent { Timestamp = T0 },
        new TaskScheduledEvent { Timestamp = T0, TaskId = 0, Name = "Charge" },
        new TaskCompletedEvent { Timestamp = T0, TaskId = 0 },
        new TaskFailedEvent { Timestamp = T0, TaskId = 0, FailureDetails = new FailureDetails("E", "m") },
        new TimerCreatedEvent { Timestamp = T0, TaskId = 0, FireAt = T0 },
        new TimerFiredEvent { Timestamp = T0, TaskId = 0, FireAt = T0 },
        new EventRaisedEvent { Timestamp = T0, Name = "Approval" },
        new EventSentEvent { Timestamp = T0, TaskId = 0, TargetInstanceId = "other", Name = "Ping" },
        new SubOrchestrationInstanceCreatedEvent { Timestamp = T0, TaskId = 0, Name = "Child", InstanceId = "child" },
        new SubOrchestrationInstanceCompletedEvent { Timestamp = T0, TaskId = 0 },
        new SubOrchestrationInstanceFailedEvent { Timestamp = T0, TaskId = 0, FailureDetails = new FailureDetails("E", "m") },
    ];

    /// <summary>Values at the edges of what the encodings must keep.</summary>
    public static IReadOnlyList<HistoryEvent> EdgeCases =>
    [
        new ExecutionStartedEvent { Timestamp = T0, Name = "Flow", ExecutionId = "exec", TraceParent = TraceParent }, // appended field alone
        new TaskScheduledEvent { Timestamp = T0, TaskId = int.MaxValue, Name = "", Input = [] }, // empty payload, empty name
        new TaskCompletedEvent { Timestamp = T0, TaskId = -1, Result = [1, 2, 3] }, // bytes no serializer wrote
        new EventRaisedEvent { Timestamp = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), Name = "min" },
        new EventRaisedEvent { Timestamp = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc), Name = "max" },
        new EventRaisedEvent { Timestamp = new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999), Name = "before the epoch" },
        new EventRaisedEvent { Timestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), MessageId = "", Name = "whole milliseconds ☃" },
    ];

    /// <summary><see cref="Full"/>, <see cref="Minimal"/> and <see cref="EdgeCases"/>.</summary>
    public static IReadOnlyList<HistoryEvent> All => [.. Full, .. Minimal, .. EdgeCases];

    /// <summary>The event types of the library, found by reflection (so that a new one without samples is noticed).</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
        [.. typeof(HistoryEvent).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(HistoryEvent).IsAssignableFrom(t)).OrderBy(t => t.Name)];

    /// <summary>
    /// The event's type and every public property, by content (records compare payload arrays by reference), so that
    /// two events compare equal exactly when every field survived.
    /// </summary>
    public static string Describe(HistoryEvent e) =>
        e.GetType().Name + ": " + string.Join("|", e.GetType().GetProperties().OrderBy(p => p.Name).Select(p => $"{p.Name}={Format(p.GetValue(e))}"));

    /// <summary>The fields the event's schema writes, in order, and the field count the binary form's header gets.</summary>
    public static (List<RecordedField> Fields, int BinaryCount) Fields(HistoryEvent e)
    {
        var writer = new RecordingWriter([]);
        if (!HistoryEventSchema.TryWrite(ref writer, e) || !writer.Ended)
        {
            throw new InvalidOperationException($"{e.GetType().Name} has no schema.");
        }

        return (writer.Fields, writer.Count);
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        DateTime time => $"{time.Ticks}/{time.Kind}",
        string text => $"\"{text}\"",
        _ => value.ToString() ?? "",
    };

    private static byte[] Payload(object value) => Codec.Serializer.SerializeObject(value);
}

/// <summary>One field a schema wrote: the field, the kind of value the schema wrote it as, and the value.</summary>
internal readonly record struct RecordedField(HistoryField Field, HistoryFieldKind Kind, object? Value);

/// <summary>Records what a schema writes.</summary>
internal struct RecordingWriter(List<RecordedField> fields) : IHistoryFieldWriter
{
    public static bool NeedsFieldCount => true;

    public readonly List<RecordedField> Fields => fields;

    public int Count { get; private set; }

    public bool Ended { get; private set; }

    public void BeginEvent(HistoryEvent e, int fieldCount) => Count = fieldCount;

    public void EndEvent() => Ended = true;

    public readonly void Int32(HistoryField field, int value) => fields.Add(new(field, HistoryFieldKind.Int32, value));

    public readonly void String(HistoryField field, string? value) => fields.Add(new(field, HistoryFieldKind.String, value));

    public readonly void Payload(HistoryField field, byte[]? value) => fields.Add(new(field, HistoryFieldKind.Payload, value));

    public readonly void Time(HistoryField field, DateTime value) => fields.Add(new(field, HistoryFieldKind.Time, value));

    public readonly void Failure(HistoryField field, FailureDetails value) => fields.Add(new(field, HistoryFieldKind.Failure, value));

    public readonly void Parent(HistoryField field, ParentInstance? value) => fields.Add(new(field, HistoryFieldKind.Parent, value));
}
