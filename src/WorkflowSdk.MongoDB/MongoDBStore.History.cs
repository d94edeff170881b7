using MongoDB.Bson;
using MongoDB.Driver;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.MongoDB.Internal.Documents;
using WorkflowSdk.MongoDB.Internal.Protocol;

namespace WorkflowSdk.MongoDB;

/// <summary>Reading history: the instance document, then the chain of committed chunks it names.</summary>
public sealed partial class MongoDBStore
{
    private const int MaxHistoryReadAttempts = 4;

    /// <inheritdoc/>
    /// <remarks>
    /// Reads the instance document, then the chunks of its execution at or below its revision, and keeps exactly
    /// the chain that starts at its <c>historyHead</c> (leftovers of lost races are skipped and removed). Without a
    /// snapshot, a purge or new execution between the two reads can make a committed chunk disappear; the read is
    /// then repeated, and only a chain that is still broken with the instance unchanged is reported as damage.
    /// </remarks>
    public async Task<StoredHistory> LoadHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var instance = await ReadInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            if (instance is null)
            {
                return new StoredHistory(null, []);
            }

            var head = InstanceHead.Of(instance);
            if (head.HistoryHead is null)
            {
                return new StoredHistory(instance.Record, []);
            }

            var documents = await _history.Find(MongoCommands.ChunksOfExecution(instanceId, head.ExecutionId, head.Revision))
                .Sort(MongoCommands.ChunkOrder)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var chunks = new Dictionary<string, (ChunkHeader Header, BsonDocument Document)>(documents.Count, StringComparer.Ordinal);
            foreach (var document in documents)
            {
                ChunkHeader header;
                try
                {
                    header = ChunkDocument.HeaderFromBson(document);
                }
                catch (InvalidDataException ex)
                {
                    throw new HistoryCorruptedException(instanceId, $"the history chunk {document.GetValue("_id", BsonNull.Value)} is damaged", ex);
                }

                chunks[header.Id] = (header, document);
            }

            var assembled = HistoryAssembler.Assemble(head, chunks.Values.Select(c => c.Header));
            if (assembled.Problem is not null)
            {
                var now = await ReadInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
                var changed = now is null || now.Record.Revision != head.Revision || now.Record.ExecutionId != head.ExecutionId;
                if (!changed || attempt == MaxHistoryReadAttempts)
                {
                    throw new HistoryCorruptedException(instanceId, assembled.Problem, null);
                }

                _logger.HistoryReadRetried(instanceId, assembled.Problem);
                instance = now;
                continue;
            }

            var events = new List<HistoryEvent>();
            foreach (var header in assembled.Accepted)
            {
                try
                {
                    events.AddRange(ChunkDocument.EventsFromBson(chunks[header.Id].Document));
                }
                catch (InvalidDataException ex)
                {
                    throw new HistoryCorruptedException(
                        instanceId, $"the history chunk {header.Id} (revision {header.Revision}, part {header.Part + 1} of {header.Parts}) is damaged", ex);
                }
            }

            if (assembled.Garbage.Count > 0)
            {
                await RemoveGarbageAsync(instanceId, assembled.Garbage, head.Revision).ConfigureAwait(false);
            }

            return new StoredHistory(instance.Record, events);
        }
    }

    /// <summary>
    /// Deletes chunks that can never be committed: not on the chain and at or below the revision read (their writers
    /// expected a lower revision, so their compare-and-set fails).
    /// </summary>
    private async Task RemoveGarbageAsync(string instanceId, IReadOnlyList<string> commitIds, long revision)
    {
        try
        {
            await _history.DeleteManyAsync(MongoCommands.GarbageChunks(instanceId, commitIds, revision), CancellationToken.None).ConfigureAwait(false);
            _logger.GarbageChunksRemoved(instanceId, commitIds.Count);
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException)
        {
            _logger.GarbageChunksRemovalFailed(ex, instanceId);
        }
    }
}
