using System.Globalization;
using System.Text;
using MongoDB.Bson;
using MongoDB.Driver;
using WorkflowSdk.Backends;
using WorkflowSdk.MongoDB.Internal.Bson;
using WorkflowSdk.MongoDB.Internal.Documents;
using WorkflowSdk.MongoDB.Internal.Protocol;

namespace WorkflowSdk.MongoDB;

/// <summary>Instance documents: read, create, list, purge.</summary>
public sealed partial class MongoDBStore
{
    private const int MaxCreateAttempts = 3; // also bounds purge retries

    /// <inheritdoc/>
    public async Task<InstanceRecord?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return (await ReadInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false))?.Record;
    }

    /// <inheritdoc/>
    public async Task<OutboxEntry?> CreateInstanceAsync(
        InstanceRecord instance, WorkMessage startMessage, bool reuseFinished, TimeSpan? outboxClaimDuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(startMessage);
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadHeadAsync(instance.InstanceId, cancellationToken).ConfigureAwait(false);
            if (current is not null && (!current.Status.IsFinished() || !reuseFinished))
            {
                throw new OrchestrationAlreadyExistsException(instance.InstanceId, current.Status);
            }

            // Creating (or replacing a finished instance) is a commit that starts a new execution with no history yet.
            var commit = new EpisodeCommit
            {
                Instance = instance,
                ExpectedRevision = current?.Revision ?? 0,
                StartsNewExecution = true,
                NewEvents = [],
                Outbox = [startMessage],
                OutboxClaimDuration = outboxClaimDuration,
            };
            var result = await CommitAsync(commit, current, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return result.ToPublish.Count > 0 ? result.ToPublish[0] : null;
            }

            if (attempt == MaxCreateAttempts)
            {
                var now = await ReadHeadAsync(instance.InstanceId, cancellationToken).ConfigureAwait(false);
                throw new OrchestrationAlreadyExistsException(instance.InstanceId, now?.Status ?? OrchestrationRuntimeStatus.Pending);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<InstancePage> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var after = DecodeContinuation(query.ContinuationToken);
        var documents = await _instances.Find(MongoCommands.ListInstances(query, after))
            .Sort(MongoCommands.ListOrder)
            .Limit(query.PageSize + 1)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var records = documents.Select(ParseInstance).Select(d => d.Record).ToList();
        string? next = null;
        if (records.Count > query.PageSize)
        {
            records.RemoveAt(records.Count - 1);
            var last = records[^1];
            next = EncodeContinuation(last.CreatedAt, last.InstanceId);
        }

        return new InstancePage(records, next);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Committed outbox entries that are still pending are marked ready first (the instance document is their only
    /// proof of being committed; a finished instance's last messages, such as a result for its parent, must survive
    /// it). Then the instance document goes (only if finished and unchanged), then its history chunks and the messages
    /// addressed to it. A crash in between leaves chunks no reader follows (a new instance with this id has another
    /// execution id) and messages the workers drop as being for an unknown instance.
    /// </remarks>
    public async Task<int> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        for (var attempt = 1; ; attempt++)
        {
            var head = await ReadHeadAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (head is null)
            {
                return 0;
            }

            if (!head.Status.IsFinished())
            {
                throw new InvalidOperationException(
                    $"Instance '{instanceId}' is {head.Status}; only finished instances can be purged. Terminate it first.");
            }

            if (head.OutboxCommits.Count > 0)
            {
                await _outbox.UpdateManyAsync(MongoCommands.PendingEntriesOfCommits(head.OutboxCommits), MongoCommands.MarkReady,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            var deleted = await _instances.DeleteOneAsync(MongoCommands.FinishedInstanceAtRevision(instanceId, head.Revision), cancellationToken)
                .ConfigureAwait(false);
            if (deleted.DeletedCount == 1)
            {
                break;
            }

            if (attempt == MaxCreateAttempts)
            {
                throw new InvalidOperationException($"Instance '{instanceId}' kept changing while it was being purged; try again.");
            }
        }

        await _history.DeleteManyAsync(MongoCommands.ChunksOfInstance(instanceId), CancellationToken.None).ConfigureAwait(false);
        await _outbox.DeleteManyAsync(MongoCommands.EntriesForInstance(instanceId), CancellationToken.None).ConfigureAwait(false);
        return 1;
    }

    private async Task<InstanceDocument?> ReadInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        var document = await _instances.Find(MongoCommands.InstanceById(instanceId)).Limit(1)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return document is null ? null : ParseInstance(document);
    }

    private async Task<InstanceHead?> ReadHeadAsync(string instanceId, CancellationToken cancellationToken)
    {
        var document = await _instances.Find(MongoCommands.InstanceById(instanceId))
            .Project(InstanceHead.Projection).Limit(1)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return document is null ? null : ParseHead(document);
    }

    private static InstanceDocument ParseInstance(BsonDocument document)
    {
        try
        {
            return InstanceDocument.FromBson(document);
        }
        catch (InvalidDataException ex)
        {
            throw new HistoryCorruptedException(IdOf(document), "the instance document is damaged", ex);
        }
    }

    private static InstanceHead ParseHead(BsonDocument document)
    {
        try
        {
            return InstanceHead.FromBson(document);
        }
        catch (InvalidDataException ex)
        {
            throw new HistoryCorruptedException(IdOf(document), "the instance document is damaged", ex);
        }
    }

    private static string IdOf(BsonDocument document) =>
        document.TryGetValue("_id", out var id) && id is BsonString text ? text.Value : id?.ToString() ?? "(no id)";

    private static string EncodeContinuation(DateTime createdAt, string instanceId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{BsonFields.ToBsonDate(createdAt).MillisecondsSinceEpoch.ToString(CultureInfo.InvariantCulture)}|{instanceId}"));

    private static (DateTime CreatedAt, string InstanceId)? DecodeContinuation(string? token)
    {
        if (token is null)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var separator = text.IndexOf('|', StringComparison.Ordinal);
            var milliseconds = long.Parse(text.AsSpan(0, separator), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return (DateTime.UnixEpoch.AddTicks(checked(milliseconds * TimeSpan.TicksPerMillisecond)), text[(separator + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new ArgumentException($"The continuation token '{token}' is not one this store returned.", nameof(token), ex);
        }
    }
}
