using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using WorkflowSdk.Backends;
using WorkflowSdk.MongoDB.Internal.Bson;
using static WorkflowSdk.MongoDB.Internal.Bson.BsonFields;

namespace WorkflowSdk.MongoDB.Internal.Documents;

/// <summary>
/// One document per instance in <c>&lt;hub&gt;.instances</c>, keyed by the instance id: the record of its current
/// execution plus the two fields of the commit protocol (see <see cref="Protocol.CommitProtocol"/>).
/// </summary>
/// <param name="Record">The instance record; its <see cref="InstanceRecord.Revision"/> is the committed revision.</param>
/// <param name="HistoryHead">
/// The commit id of the newest committed history chunk of the current execution (the head of the chunk chain), or
/// <see langword="null"/> when the execution has no history yet.
/// </param>
/// <param name="OutboxCommits">
/// Commit ids whose outbox entries were committed but may still be marked pending (removed once they are marked
/// ready).
/// </param>
internal sealed record InstanceDocument(InstanceRecord Record, string? HistoryHead, IReadOnlyList<string> OutboxCommits)
{
    public const string Id = "_id";
    public const string Name = "name";
    public const string Version = "version";
    public const string ExecutionId = "executionId";
    public const string Status = "status";
    public const string CreatedAt = "createdAt";
    public const string UpdatedAt = "updatedAt";
    public const string CompletedAt = "completedAt";
    public const string Input = "input";
    public const string Output = "output";
    public const string CustomStatus = "customStatus";
    public const string Failure = "failure";
    public const string ParentInstanceId = "parentInstanceId";
    public const string Revision = "revision";
    public const string Head = "historyHead";
    public const string Outbox = "outboxCommits";

    /// <summary>The fields of the record that an episode commit rewrites (everything but the id and protocol fields).</summary>
    public static readonly IReadOnlyList<string> RecordFields =
    [
        Name, Version, ExecutionId, Status, CreatedAt, CreatedAt + TicksSuffix, UpdatedAt, UpdatedAt + TicksSuffix,
        CompletedAt, CompletedAt + TicksSuffix, Input, Output, CustomStatus, Failure, ParentInstanceId,
    ];

    /// <summary>The record's fields (without <c>_id</c>, <c>revision</c> and the protocol fields), absent values omitted.</summary>
    public static BsonDocument RecordToBson(InstanceRecord record)
    {
        var d = new BsonDocument
        {
            { Name, record.Name },
        };
        AddString(d, Version, record.Version);
        d.Add(ExecutionId, record.ExecutionId);
        d.Add(Status, record.Status.ToString());
        AddTime(d, CreatedAt, record.CreatedAt);
        AddTime(d, UpdatedAt, record.LastUpdatedAt);
        AddTime(d, CompletedAt, record.CompletedAt);
        AddBytes(d, Input, record.Input);
        AddBytes(d, Output, record.Output);
        AddBytes(d, CustomStatus, record.CustomStatus);
        if (record.Failure is { } failure)
        {
            d.Add(Failure, EventBson.ToBson(failure));
        }

        AddString(d, ParentInstanceId, record.ParentInstanceId);
        return d;
    }

    public BsonDocument ToBson()
    {
        var d = new BsonDocument { { Id, Record.InstanceId } };
        d.AddRange(RecordToBson(Record));
        d.Add(Revision, Record.Revision);
        AddString(d, Head, HistoryHead);
        if (OutboxCommits.Count > 0)
        {
            d.Add(Outbox, new BsonArray(OutboxCommits));
        }

        return d;
    }

    public static InstanceDocument FromBson(BsonDocument d)
    {
        var statusName = GetString(d, Status);
        if (!Enum.TryParse<OrchestrationRuntimeStatus>(statusName, ignoreCase: false, out var status) ||
            !Enum.IsDefined(status) || char.IsDigit(statusName[0]))
        {
            throw new InvalidDataException($"Unknown instance status '{statusName}'.");
        }

        var record = new InstanceRecord
        {
            InstanceId = GetString(d, Id),
            Name = GetString(d, Name),
            Version = GetOptionalString(d, Version),
            ExecutionId = GetString(d, ExecutionId),
            Status = status,
            CreatedAt = GetTime(d, CreatedAt),
            LastUpdatedAt = GetTime(d, UpdatedAt),
            CompletedAt = GetOptionalTime(d, CompletedAt),
            Input = GetOptionalBytes(d, Input),
            Output = GetOptionalBytes(d, Output),
            CustomStatus = GetOptionalBytes(d, CustomStatus),
            Failure = GetOptionalDocument(d, Failure) is { } failure ? EventBson.FailureFromBson(failure) : null,
            ParentInstanceId = GetOptionalString(d, ParentInstanceId),
            Revision = GetInt64(d, Revision),
        };
        return new InstanceDocument(record, GetOptionalString(d, Head), GetOptionalStrings(d, Outbox));
    }
}

/// <summary>The driver serializer of <see cref="InstanceDocument"/> (constructed explicitly; nothing is registered globally).</summary>
internal sealed class InstanceDocumentSerializer : SerializerBase<InstanceDocument>
{
    public static readonly InstanceDocumentSerializer Instance = new();

    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, InstanceDocument value) =>
        BsonDocumentSerializer.Instance.Serialize(context, value.ToBson());

    public override InstanceDocument Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args) =>
        InstanceDocument.FromBson(BsonDocumentSerializer.Instance.Deserialize(context));
}
