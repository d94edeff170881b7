using System.Collections.Frozen;
using MongoDB.Bson;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using static WorkflowSdk.MongoDB.Internal.Bson.BsonFields;

namespace WorkflowSdk.MongoDB.Internal.Bson;

/// <summary>
/// The readable BSON form of history events, failures and work messages. Every event is a document tagged by its
/// type name: <c>{ type: "TaskScheduled", ts: ISODate(...), taskId: 0, name: "Charge", input: BinData(0, ...) }</c>.
/// Payloads stay the bytes the payload serializer produced (binary subtype 0); everything else is a plain field, so
/// the documents can be read in any MongoDB tool.
/// </summary>
/// <remarks>
/// Decoding only ever produces the known event types (the tag is looked up in a fixed table, never used as a type
/// name), unknown fields are ignored (fields are only ever added) and malformed documents raise
/// <see cref="InvalidDataException"/>, like <see cref="Serialization.WireFormat"/>.
/// </remarks>
internal static class EventBson
{
    // The header of every event document and the fields of work messages; an event's own fields are named by its
    // schema (HistoryFields).
    public const string Type = "type";
    public const string Timestamp = "ts";
    public const string MessageId = "messageId";
    public const string ExecutionId = "executionId";
    public const string TraceParent = "traceParent";
    public const string InstanceId = "instanceId";

    private const int MaxFailureDepth = 32;

    private static readonly FrozenDictionary<string, HistoryEventType> TypesByName =
        Enum.GetValues<HistoryEventType>().ToFrozenDictionary(t => t.ToString(), StringComparer.Ordinal);

    public static BsonDocument ToBson(HistoryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var writer = new EventWriter(new BsonDocument());
        if (!HistoryEventSchema.TryWrite(ref writer, e))
        {
            throw new NotSupportedException($"History event type {e.GetType().Name} has no BSON mapping.");
        }

        return writer.Document;
    }

    public static HistoryEvent FromBson(BsonDocument d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var typeName = GetString(d, Type);
        if (!TypesByName.TryGetValue(typeName, out var type))
        {
            throw new InvalidDataException($"Unknown history event type '{typeName}'.");
        }

        var reader = new EventReader(d, GetTime(d, Timestamp), GetOptionalString(d, MessageId));
        return HistoryEventSchema.Read(ref reader, type) ?? throw new InvalidDataException($"Unknown history event type '{typeName}'.");
    }

    /// <summary><c>{ errorType, message, stackTrace?, nonRetriable?: true, baseTypes?: [...], inner?: { ... } }</c>.</summary>
    public static BsonDocument ToBson(FailureDetails failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var d = new BsonDocument
        {
            { "errorType", failure.ErrorType },
            { "message", failure.Message },
        };
        AddString(d, "stackTrace", failure.StackTrace);
        if (failure.IsNonRetriable)
        {
            d.Add("nonRetriable", true);
        }

        if (failure.BaseTypes.Count > 0)
        {
            d.Add("baseTypes", new BsonArray(failure.BaseTypes));
        }

        if (failure.InnerFailure is { } inner)
        {
            d.Add("inner", ToBson(inner));
        }

        return d;
    }

    public static FailureDetails FailureFromBson(BsonDocument d) => FailureFromBson(d, depth: 0);

    /// <summary><c>{ messageId, instanceId, executionId?, visibleAt?, traceParent?, event: { ... } }</c>.</summary>
    public static BsonDocument ToBson(WorkMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var d = new BsonDocument
        {
            { MessageId, message.MessageId },
            { InstanceId, message.InstanceId },
        };
        AddString(d, ExecutionId, message.ExecutionId);
        AddTime(d, "visibleAt", message.VisibleAtUtc);
        AddString(d, TraceParent, message.TraceParent);
        d.Add("event", ToBson(message.Event));
        return d;
    }

    public static WorkMessage MessageFromBson(BsonDocument d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new WorkMessage
        {
            MessageId = GetString(d, MessageId),
            InstanceId = GetString(d, InstanceId),
            ExecutionId = GetOptionalString(d, ExecutionId),
            VisibleAtUtc = GetOptionalTime(d, "visibleAt"),
            TraceParent = GetOptionalString(d, TraceParent),
            Event = FromBson(GetDocument(d, "event")),
        };
    }

    private static FailureDetails FailureFromBson(BsonDocument d, int depth)
    {
        if (depth > MaxFailureDepth)
        {
            throw new InvalidDataException($"Failure details are nested deeper than {MaxFailureDepth} inner failures.");
        }

        var inner = GetOptionalDocument(d, "inner");
        return new FailureDetails(
            GetString(d, "errorType"),
            GetOptionalString(d, "message") ?? string.Empty,
            GetOptionalString(d, "stackTrace"),
            inner is null ? null : FailureFromBson(inner, depth + 1),
            GetOptionalBoolean(d, "nonRetriable"))
        {
            BaseTypes = GetOptionalStrings(d, "baseTypes"),
        };
    }
    /// <summary>
    /// An event as a document: <c>{ type, ts, messageId?, ...fields in schema order }</c>, absent values (and zeros of
    /// <see cref="HistoryFieldOptions.OmitZero"/> fields) left out.
    /// </summary>
    private readonly struct EventWriter(BsonDocument document) : IHistoryFieldWriter
    {
        public BsonDocument Document { get; } = document;

        public static bool NeedsFieldCount => false;

        public void BeginEvent(HistoryEvent e, int fieldCount)
        {
            Document.Add(Type, e.EventType.ToString());
            AddTime(Document, Timestamp, e.Timestamp);
            AddString(Document, MessageId, e.MessageId);
        }

        public void EndEvent()
        {
        }

        public void Int32(HistoryField field, int value)
        {
            if (value != 0 || !field.OmitsZero)
            {
                Document.Add(field.Name, value);
            }
        }

        public void String(HistoryField field, string? value) => AddString(Document, field.Name, value);

        public void Payload(HistoryField field, byte[]? value) => AddBytes(Document, field.Name, value);

        public void Time(HistoryField field, DateTime value) => AddTime(Document, field.Name, value);

        public void Failure(HistoryField field, FailureDetails value) => Document.Add(field.Name, ToBson(value));

        public void Parent(HistoryField field, ParentInstance? value)
        {
            if (value is not null)
            {
                Document.Add(field.Name, new BsonDocument
                {
                    { InstanceId, value.InstanceId },
                    { ExecutionId, value.ExecutionId },
                    { HistoryFields.TaskId.Name, value.TaskId },
                    { HistoryFields.Name.Name, value.Name },
                });
            }
        }
    }

    /// <summary>Reads an event's fields from its document by name; unknown fields are ignored.</summary>
    private readonly struct EventReader(BsonDocument document, DateTime timestamp, string? messageId) : IHistoryFieldReader
    {
        public DateTime Timestamp { get; } = timestamp;

        public string? MessageId { get; } = messageId;

        public int Int32(HistoryField field) =>
            field.OmitsZero ? GetOptionalInt32(document, field.Name) ?? 0 : GetInt32(document, field.Name);

        public string? String(HistoryField field) => GetOptionalString(document, field.Name);

        public string RequiredString(HistoryField field) => GetString(document, field.Name);

        public byte[]? Payload(HistoryField field) => GetOptionalBytes(document, field.Name);

        public DateTime Time(HistoryField field) => GetTime(document, field.Name);

        public FailureDetails Failure(HistoryField field) => FailureFromBson(GetDocument(document, field.Name), depth: 0);

        public ParentInstance? Parent(HistoryField field) =>
            GetOptionalDocument(document, field.Name) is { } parent
                ? new ParentInstance(
                    GetString(parent, InstanceId),
                    GetString(parent, ExecutionId),
                    GetInt32(parent, HistoryFields.TaskId.Name),
                    GetString(parent, HistoryFields.Name.Name))
                : null;
    }
}
