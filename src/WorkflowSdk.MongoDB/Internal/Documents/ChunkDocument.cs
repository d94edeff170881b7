using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using WorkflowSdk.History;
using WorkflowSdk.MongoDB.Internal.Bson;
using static WorkflowSdk.MongoDB.Internal.Bson.BsonFields;

namespace WorkflowSdk.MongoDB.Internal.Documents;

/// <summary>
/// Where a history chunk sits in the commit protocol: which commit wrote it, at which revision, which part of that
/// commit's events it holds, and which commit came before it in the execution's chain.
/// </summary>
/// <param name="Id">The document id: <c>&lt;commitId&gt;:&lt;part&gt;</c>.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="ExecutionId">The execution the events belong to.</param>
/// <param name="Revision">The instance revision the commit advances to.</param>
/// <param name="Part">Which part of the commit's events (from 0).</param>
/// <param name="Parts">How many parts the commit wrote.</param>
/// <param name="CommitId">The commit (one per commit attempt, never reused).</param>
/// <param name="PreviousCommitId">The commit id of the execution's previous chunk-writing commit; <see langword="null"/> for its first.</param>
internal sealed record ChunkHeader(
    string Id, string InstanceId, string ExecutionId, long Revision, int Part, int Parts, string CommitId, string? PreviousCommitId);

/// <summary>
/// One document in <c>&lt;hub&gt;.history</c>: some or all of the events one commit added to an execution's history.
/// <c>{ _id, instanceId, executionId, revision, part, parts, commitId, previousCommitId?, events: [ ... ] }</c>.
/// </summary>
/// <param name="Header">The protocol fields.</param>
/// <param name="Events">The events, oldest first.</param>
internal sealed record ChunkDocument(ChunkHeader Header, IReadOnlyList<HistoryEvent> Events)
{
    public const string Id = "_id";
    public const string InstanceId = "instanceId";
    public const string ExecutionId = "executionId";
    public const string Revision = "revision";
    public const string Part = "part";
    public const string Parts = "parts";
    public const string CommitId = "commitId";
    public const string PreviousCommitId = "previousCommitId";
    public const string EventsField = "events";

    public static string DocumentId(string commitId, int part) => $"{commitId}:{part}";

    /// <summary>The document with its events already in BSON form (as the commit plan measures them).</summary>
    public static BsonDocument ToBson(ChunkHeader header, BsonArray events)
    {
        var d = HeaderToBson(header);
        d.Add(EventsField, events);
        return d;
    }

    public static BsonDocument HeaderToBson(ChunkHeader header)
    {
        var d = new BsonDocument
        {
            { Id, header.Id },
            { InstanceId, header.InstanceId },
            { ExecutionId, header.ExecutionId },
            { Revision, header.Revision },
            { Part, header.Part },
            { Parts, header.Parts },
            { CommitId, header.CommitId },
        };
        AddString(d, PreviousCommitId, header.PreviousCommitId);
        return d;
    }

    public BsonDocument ToBson() => ToBson(Header, new BsonArray(Events.Select(EventBson.ToBson)));

    public static ChunkHeader HeaderFromBson(BsonDocument d)
    {
        var header = new ChunkHeader(
            GetString(d, Id),
            GetString(d, InstanceId),
            GetString(d, ExecutionId),
            GetInt64(d, Revision),
            GetInt32(d, Part),
            GetInt32(d, Parts),
            GetString(d, CommitId),
            GetOptionalString(d, PreviousCommitId));
        if (header.Part < 0 || header.Parts < 1 || header.Part >= header.Parts)
        {
            throw new InvalidDataException($"Chunk '{header.Id}' says it is part {header.Part} of {header.Parts}.");
        }

        return header;
    }

    public static List<HistoryEvent> EventsFromBson(BsonDocument d)
    {
        var array = GetArray(d, EventsField);
        var events = new List<HistoryEvent>(array.Count);
        foreach (var item in array)
        {
            events.Add(EventBson.FromBson(item as BsonDocument ?? throw new InvalidDataException($"An element of '{EventsField}' is a BSON {item.BsonType}; expected a document.")));
        }

        return events;
    }

    public static ChunkDocument FromBson(BsonDocument d) => new(HeaderFromBson(d), EventsFromBson(d));
}

/// <summary>The driver serializer of <see cref="ChunkDocument"/> (constructed explicitly; nothing is registered globally).</summary>
internal sealed class ChunkDocumentSerializer : SerializerBase<ChunkDocument>
{
    public static readonly ChunkDocumentSerializer Instance = new();

    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, ChunkDocument value) =>
        BsonDocumentSerializer.Instance.Serialize(context, value.ToBson());

    public override ChunkDocument Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args) =>
        ChunkDocument.FromBson(BsonDocumentSerializer.Instance.Deserialize(context));
}
