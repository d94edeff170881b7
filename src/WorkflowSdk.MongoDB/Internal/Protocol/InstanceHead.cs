using MongoDB.Bson;
using WorkflowSdk.MongoDB.Internal.Documents;
using static WorkflowSdk.MongoDB.Internal.Bson.BsonFields;

namespace WorkflowSdk.MongoDB.Internal.Protocol;

/// <summary>
/// The protocol fields of an instance document: what a writer reads before committing and what a reader or the
/// outbox recovery needs to tell committed chunks and entries from leftovers.
/// </summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="Revision">The committed revision.</param>
/// <param name="ExecutionId">The current execution.</param>
/// <param name="Status">The status.</param>
/// <param name="HistoryHead">The commit id at the head of the current execution's chunk chain, if any.</param>
/// <param name="OutboxCommits">Committed commits whose outbox entries may still be pending.</param>
internal sealed record InstanceHead(
    string InstanceId, long Revision, string ExecutionId, OrchestrationRuntimeStatus Status, string? HistoryHead, IReadOnlyList<string> OutboxCommits)
{
    /// <summary>The fields a head is read from (a projection of the instance document; a new document each time, as BSON documents are mutable).</summary>
    public static BsonDocument Projection => new()
    {
        { InstanceDocument.Revision, 1 },
        { InstanceDocument.ExecutionId, 1 },
        { InstanceDocument.Status, 1 },
        { InstanceDocument.Head, 1 },
        { InstanceDocument.Outbox, 1 },
    };

    public static InstanceHead FromBson(BsonDocument d)
    {
        var statusName = GetString(d, InstanceDocument.Status);
        if (!Enum.TryParse<OrchestrationRuntimeStatus>(statusName, ignoreCase: false, out var status) || char.IsDigit(statusName[0]))
        {
            throw new InvalidDataException($"Unknown instance status '{statusName}'.");
        }

        return new InstanceHead(
            GetString(d, InstanceDocument.Id),
            GetInt64(d, InstanceDocument.Revision),
            GetString(d, InstanceDocument.ExecutionId),
            status,
            GetOptionalString(d, InstanceDocument.Head),
            GetOptionalStrings(d, InstanceDocument.Outbox));
    }

    public static InstanceHead Of(InstanceDocument document) => new(
        document.Record.InstanceId,
        document.Record.Revision,
        document.Record.ExecutionId,
        document.Record.Status,
        document.HistoryHead,
        document.OutboxCommits);
}
