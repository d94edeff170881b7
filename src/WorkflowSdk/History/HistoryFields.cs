namespace WorkflowSdk.History;

/// <summary>The shape of a history event field's value; each format has one way to write and read each kind.</summary>
internal enum HistoryFieldKind
{
    /// <summary>A 32-bit integer.</summary>
    Int32,

    /// <summary>Text, <see langword="null"/> when absent unless the field is required.</summary>
    String,

    /// <summary>Bytes the payload serializer produced, <see langword="null"/> when absent.</summary>
    Payload,

    /// <summary>A UTC time, kept to the tick.</summary>
    Time,

    /// <summary>A <see cref="FailureDetails"/> chain (required).</summary>
    Failure,

    /// <summary>A <see cref="ParentInstance"/>, <see langword="null"/> when absent.</summary>
    Parent,
}

/// <summary>How a field behaves beyond its kind.</summary>
[Flags]
internal enum HistoryFieldOptions
{
    /// <summary>Always present in the binary form; named forms leave it out when it is <see langword="null"/>.</summary>
    None = 0,

    /// <summary>A reader refuses data without it.</summary>
    Required = 1,

    /// <summary>Named forms (BSON, JSON) also leave it out when it is 0; readers take an absent value as 0.</summary>
    OmitZero = 2,

    /// <summary>
    /// Added to the binary form after data was already written without it: written only when it has a value (so it
    /// must be the event's last field), and read as absent from shorter arrays.
    /// </summary>
    Appended = 4,

    /// <summary>Shown after the event's other fields in the JSON view (where the code took the action is an aside).</summary>
    ShownLast = 8,
}

/// <summary>
/// One field of a history event: its name in the named formats (BSON, JSON), its kind and options. Its position in the
/// binary format is the order in which the event's schema visits it.
/// </summary>
/// <param name="Name">The field's name in BSON documents and the JSON view.</param>
/// <param name="Kind">The shape of its value.</param>
/// <param name="Options">How it behaves beyond its kind.</param>
internal sealed record HistoryField(string Name, HistoryFieldKind Kind, HistoryFieldOptions Options = HistoryFieldOptions.None)
{
    /// <summary>A reader refuses data without it.</summary>
    public bool IsRequired => (Options & HistoryFieldOptions.Required) != 0;

    /// <summary>Named forms leave it out when it is 0.</summary>
    public bool OmitsZero => (Options & HistoryFieldOptions.OmitZero) != 0;

    /// <summary>The binary form writes it only when it has a value.</summary>
    public bool IsAppended => (Options & HistoryFieldOptions.Appended) != 0;

    /// <summary>The JSON view shows it after the other fields.</summary>
    public bool IsShownLast => (Options & HistoryFieldOptions.ShownLast) != 0;
}

/// <summary>
/// Every field any history event has, declared once. An event's schema (its nested <c>Schema</c> type) lists which of
/// these it has, in order; the MessagePack, BSON and JSON forms are all written and read through that list.
/// </summary>
/// <remarks>
/// Renaming a field, changing its kind or reordering an event's schema changes stored data: never do it. New fields
/// are appended at the end of an event's schema (<see cref="HistoryFieldOptions.Appended"/> when the binary form
/// must read data written before them).
/// </remarks>
internal static class HistoryFields
{
    // The header every event has (its type tag, timestamp and message id) is written by each format itself.

    /// <summary>The action's task id (<see cref="ScheduledActionEvent.TaskId"/>, <see cref="ActionResultEvent.TaskId"/>).</summary>
    public static readonly HistoryField TaskId = new("taskId", HistoryFieldKind.Int32, HistoryFieldOptions.Required);

    /// <summary><see cref="ScheduledActionEvent.Source"/>.</summary>
    public static readonly HistoryField Source = new("source", HistoryFieldKind.String, HistoryFieldOptions.ShownLast);

    /// <summary>An orchestration's, activity's or event's name.</summary>
    public static readonly HistoryField Name = new("name", HistoryFieldKind.String, HistoryFieldOptions.Required);

    /// <summary>An orchestration's version.</summary>
    public static readonly HistoryField Version = new("version", HistoryFieldKind.String);

    /// <summary><see cref="ExecutionStartedEvent.ExecutionId"/>.</summary>
    public static readonly HistoryField ExecutionId = new("executionId", HistoryFieldKind.String, HistoryFieldOptions.Required);

    /// <summary>A serialized input.</summary>
    public static readonly HistoryField Input = new("input", HistoryFieldKind.Payload);

    /// <summary>A serialized result.</summary>
    public static readonly HistoryField Result = new("result", HistoryFieldKind.Payload);

    /// <summary><see cref="ExecutionTerminatedEvent.Reason"/> (a payload).</summary>
    public static readonly HistoryField ReasonPayload = new("reason", HistoryFieldKind.Payload);

    /// <summary><see cref="ExecutionSuspendedEvent.Reason"/>, <see cref="ExecutionResumedEvent.Reason"/> (text).</summary>
    public static readonly HistoryField ReasonText = new("reason", HistoryFieldKind.String);

    /// <summary>A failure.</summary>
    public static readonly HistoryField Failure = new("failure", HistoryFieldKind.Failure, HistoryFieldOptions.Required);

    /// <summary><see cref="ExecutionStartedEvent.Parent"/>.</summary>
    public static readonly HistoryField Parent = new("parent", HistoryFieldKind.Parent);

    /// <summary><see cref="ExecutionStartedEvent.Generation"/>.</summary>
    public static readonly HistoryField Generation = new("generation", HistoryFieldKind.Int32, HistoryFieldOptions.OmitZero);

    /// <summary><see cref="ExecutionStartedEvent.TraceParent"/>.</summary>
    public static readonly HistoryField TraceParent = new("traceParent", HistoryFieldKind.String, HistoryFieldOptions.Appended);

    /// <summary><see cref="ExecutionContinuedAsNewEvent.NewExecutionId"/>.</summary>
    public static readonly HistoryField NewExecutionId = new("newExecutionId", HistoryFieldKind.String, HistoryFieldOptions.Required);

    /// <summary>A timer's due time.</summary>
    public static readonly HistoryField FireAt = new("fireAt", HistoryFieldKind.Time, HistoryFieldOptions.Required);

    /// <summary><see cref="EventSentEvent.TargetInstanceId"/>.</summary>
    public static readonly HistoryField TargetInstanceId = new("targetInstanceId", HistoryFieldKind.String, HistoryFieldOptions.Required);

    /// <summary><see cref="SubOrchestrationInstanceCreatedEvent.InstanceId"/>.</summary>
    public static readonly HistoryField InstanceId = new("instanceId", HistoryFieldKind.String, HistoryFieldOptions.Required);
}

/// <summary>
/// Writes the fields of one history event in one format. A schema calls one method per field, in the field's order;
/// implementations are structs so that each format's encoder is compiled for it (no virtual calls, no reflection).
/// </summary>
internal interface IHistoryFieldWriter
{
    /// <summary>Whether <see cref="BeginEvent"/> needs the number of fields (the binary form's array header).</summary>
    static abstract bool NeedsFieldCount { get; }

    /// <summary>Starts an event: its type tag, timestamp and message id.</summary>
    /// <param name="e">The event.</param>
    /// <param name="fieldCount">How many fields the schema writes after the header (0 unless <see cref="NeedsFieldCount"/>).</param>
    void BeginEvent(HistoryEvent e, int fieldCount);

    /// <summary>Ends the event.</summary>
    void EndEvent();

    /// <summary>Writes an integer field.</summary>
    void Int32(HistoryField field, int value);

    /// <summary>Writes a text field.</summary>
    void String(HistoryField field, string? value);

    /// <summary>Writes a payload field.</summary>
    void Payload(HistoryField field, byte[]? value);

    /// <summary>Writes a time field.</summary>
    void Time(HistoryField field, DateTime value);

    /// <summary>Writes a failure field.</summary>
    void Failure(HistoryField field, FailureDetails value);

    /// <summary>Writes a parent field.</summary>
    void Parent(HistoryField field, ParentInstance? value);
}

/// <summary>
/// Reads the fields of one history event in one format, in the order its schema declares them. The format has already
/// read the event's header (<see cref="Timestamp"/>, <see cref="MessageId"/>). Readers throw
/// <see cref="InvalidDataException"/> for a required field that is missing or a value of the wrong shape.
/// </summary>
internal interface IHistoryFieldReader
{
    /// <summary>The event's timestamp, from its header.</summary>
    DateTime Timestamp { get; }

    /// <summary>The event's message id, from its header.</summary>
    string? MessageId { get; }

    /// <summary>Reads an integer field (an absent <see cref="HistoryFieldOptions.OmitZero"/> field is 0).</summary>
    int Int32(HistoryField field);

    /// <summary>Reads an optional text field.</summary>
    string? String(HistoryField field);

    /// <summary>Reads a required text field.</summary>
    string RequiredString(HistoryField field);

    /// <summary>Reads a payload field.</summary>
    byte[]? Payload(HistoryField field);

    /// <summary>Reads a time field.</summary>
    DateTime Time(HistoryField field);

    /// <summary>Reads a failure field.</summary>
    FailureDetails Failure(HistoryField field);

    /// <summary>Reads a parent field.</summary>
    ParentInstance? Parent(HistoryField field);
}

/// <summary>
/// The field list of one history event type: how its fields are written and how the event is built from them, both in
/// the same order. Each event type declares its own, as a nested <c>Schema</c> struct next to its properties.
/// </summary>
/// <typeparam name="TEvent">The event type.</typeparam>
internal interface IHistoryEventSchema<TEvent>
    where TEvent : HistoryEvent
{
    /// <summary>Writes the event's fields (after the header), in order.</summary>
    static abstract void Write<TWriter>(ref TWriter writer, TEvent e)
        where TWriter : IHistoryFieldWriter, allows ref struct;

    /// <summary>Reads the event's fields (after the header), in the same order, and builds the event.</summary>
    static abstract TEvent Read<TReader>(ref TReader reader)
        where TReader : IHistoryFieldReader, allows ref struct;
}
