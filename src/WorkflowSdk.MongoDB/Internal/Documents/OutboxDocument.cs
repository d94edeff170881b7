using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using WorkflowSdk.Backends;
using WorkflowSdk.MongoDB.Internal.Bson;
using static WorkflowSdk.MongoDB.Internal.Bson.BsonFields;

namespace WorkflowSdk.MongoDB.Internal.Documents;

/// <summary>Whether an outbox entry's commit is known to be committed.</summary>
internal enum OutboxState
{
    /// <summary>Written before its commit's compare-and-set; never published in this state.</summary>
    Pending,

    /// <summary>Its commit is committed: the relay publishes it once due.</summary>
    Ready,
}

/// <summary>
/// One document in <c>&lt;hub&gt;.outbox</c>: a message committed (or being committed) with an episode, published by
/// a relay once it is <see cref="OutboxState.Ready"/> and due. Durable timers are entries due in the future.
/// <c>{ _id, instanceId, revision, commitId, state, writtenAt, visibleAt, claim?, message: { ... } }</c>.
/// </summary>
/// <param name="Id">The document id: <c>&lt;commitId&gt;:&lt;index&gt;</c> (the outbox entry id).</param>
/// <param name="InstanceId">The instance whose commit wrote the entry (not necessarily the message's target).</param>
/// <param name="Revision">The revision that commit advances the instance to.</param>
/// <param name="CommitId">The commit.</param>
/// <param name="State">Pending until its commit is known to be committed.</param>
/// <param name="WrittenAt">When it was written (recovery looks at pending entries older than a delay).</param>
/// <param name="VisibleAt">When a relay may take it: the message's due time, or the end of a relay's claim.</param>
/// <param name="Claim">The token of the relay call that claimed it last, if any.</param>
/// <param name="Message">The message.</param>
internal sealed record OutboxDocument(
    string Id, string InstanceId, long Revision, string CommitId, OutboxState State, DateTime WrittenAt, DateTime VisibleAt, string? Claim, WorkMessage Message)
{
    public const string DocumentId = "_id";
    public const string InstanceIdField = "instanceId";
    public const string RevisionField = "revision";
    public const string CommitIdField = "commitId";
    public const string StateField = "state";
    public const string WrittenAtField = "writtenAt";
    public const string VisibleAtField = "visibleAt";
    public const string ClaimField = "claim";
    public const string MessageField = "message";

    public const string PendingValue = "pending";
    public const string ReadyValue = "ready";

    public static string EntryId(string commitId, int index) => $"{commitId}:{index}";

    public static string StateName(OutboxState state) => state == OutboxState.Pending ? PendingValue : ReadyValue;

    public BsonDocument ToBson()
    {
        var d = new BsonDocument
        {
            { DocumentId, Id },
            { InstanceIdField, InstanceId },
            { RevisionField, Revision },
            { CommitIdField, CommitId },
            { StateField, StateName(State) },
        };
        AddTime(d, WrittenAtField, WrittenAt);
        AddTime(d, VisibleAtField, VisibleAt);
        AddString(d, ClaimField, Claim);
        d.Add(MessageField, EventBson.ToBson(Message));
        return d;
    }

    public static OutboxDocument FromBson(BsonDocument d)
    {
        var state = GetString(d, StateField) switch
        {
            PendingValue => OutboxState.Pending,
            ReadyValue => OutboxState.Ready,
            var other => throw new InvalidDataException($"Unknown outbox state '{other}'."),
        };
        return new OutboxDocument(
            GetString(d, DocumentId),
            GetString(d, InstanceIdField),
            GetInt64(d, RevisionField),
            GetString(d, CommitIdField),
            state,
            GetTime(d, WrittenAtField),
            GetTime(d, VisibleAtField),
            GetOptionalString(d, ClaimField),
            EventBson.MessageFromBson(GetDocument(d, MessageField)));
    }
}

/// <summary>The driver serializer of <see cref="OutboxDocument"/> (constructed explicitly; nothing is registered globally).</summary>
internal sealed class OutboxDocumentSerializer : SerializerBase<OutboxDocument>
{
    public static readonly OutboxDocumentSerializer Instance = new();

    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, OutboxDocument value) =>
        BsonDocumentSerializer.Instance.Serialize(context, value.ToBson());

    public override OutboxDocument Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args) =>
        OutboxDocument.FromBson(BsonDocumentSerializer.Instance.Deserialize(context));
}
