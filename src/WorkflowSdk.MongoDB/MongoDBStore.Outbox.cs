using MongoDB.Bson;
using MongoDB.Driver;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.MongoDB.Internal.Bson;
using WorkflowSdk.MongoDB.Internal.Documents;
using WorkflowSdk.MongoDB.Internal.Protocol;

namespace WorkflowSdk.MongoDB;

/// <summary>The outbox: claims by relays, durable timers, and recovery of entries left pending.</summary>
public sealed partial class MongoDBStore
{
    private const int MaxRecoveredCommits = 256;

    /// <inheritdoc/>
    /// <remarks>
    /// Only <c>ready</c> entries are claimed (those of committed commits). A claim moves the entries' due time to the
    /// end of the claim under a fresh claim token in one multi-document update whose filter repeats "ready and due",
    /// so of two relays racing for an entry exactly one gets it. Outbox recovery runs first, at most once per
    /// <see cref="MongoDBStoreOptions.OutboxRecoveryInterval"/>.
    /// </remarks>
    public async Task<IReadOnlyList<OutboxEntry>> ClaimDueOutboxAsync(int maxCount, TimeSpan claimDuration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        await RecoverOutboxIfDueAsync(cancellationToken).ConfigureAwait(false);

        var now = Now;
        var due = await _outbox.Find(MongoCommands.DueEntries(now))
            .Sort(MongoCommands.DueOrder)
            .Limit(maxCount)
            .Project(new BsonDocument(OutboxDocument.DocumentId, 1))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (due.Count == 0)
        {
            return [];
        }

        var ids = due.Select(d => d[OutboxDocument.DocumentId].AsString).ToList();
        var token = WorkMessage.NewId();
        await _outbox.UpdateManyAsync(MongoCommands.Claimable(ids, now), MongoCommands.Claim(token, now + claimDuration), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var claimed = await _outbox.Find(MongoCommands.ClaimedBy(ids, token)).ToListAsync(cancellationToken).ConfigureAwait(false);

        var byId = claimed.ToDictionary(d => d[OutboxDocument.DocumentId].AsString, StringComparer.Ordinal);
        var entries = new List<OutboxEntry>(claimed.Count);
        foreach (var id in ids)
        {
            if (!byId.TryGetValue(id, out var document))
            {
                continue;
            }

            try
            {
                entries.Add(new OutboxEntry(id, OutboxDocument.FromBson(document).Message));
            }
            catch (InvalidDataException ex)
            {
                await QuarantineAsync(document, ex.Message, cancellationToken).ConfigureAwait(false);
            }
        }

        return entries;
    }

    /// <inheritdoc/>
    public async Task DeleteOutboxAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count > 0)
        {
            await _outbox.DeleteManyAsync(MongoCommands.EntriesById(entries.Select(e => e.Id)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<DateTime?> GetNextOutboxDueTimeAsync(CancellationToken cancellationToken)
    {
        var next = await _outbox.Find(MongoCommands.ReadyEntries)
            .Sort(MongoCommands.DueOrder)
            .Limit(1)
            .Project(new BsonDocument { { OutboxDocument.VisibleAtField, 1 }, { OutboxDocument.VisibleAtField + BsonFields.TicksSuffix, 1 } })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return next is null ? null : BsonFields.GetOptionalTime(next, OutboxDocument.VisibleAtField);
    }

    private async Task RecoverOutboxIfDueAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        var last = Interlocked.Read(ref _lastRecoveryTicks);
        if (now.Ticks - last < _options.OutboxRecoveryInterval.Ticks || Interlocked.CompareExchange(ref _lastRecoveryTicks, now.Ticks, last) != last)
        {
            return;
        }

        try
        {
            await RecoverOutboxAsync(now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException or InvalidDataException)
        {
            _logger.OutboxRecoveryFailed(ex);
        }
    }

    /// <summary>
    /// Settles commits whose outbox entries are still pending after <see cref="MongoDBStoreOptions.OutboxRecoveryDelay"/>:
    /// their writer crashed (or failed) between writing them and marking them, or lost its race and could not clean up.
    /// The decision is <see cref="OutboxRecovery.Decide"/>'s.
    /// </summary>
    /// <returns>How many commits were marked ready and how many discarded.</returns>
    internal async Task<(int Marked, int Discarded)> RecoverOutboxAsync(DateTime now, CancellationToken cancellationToken)
    {
        var groups = await _outbox.Aggregate(MongoCommands.StalePendingCommits(now - _options.OutboxRecoveryDelay, MaxRecoveredCommits),
            cancellationToken: cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (groups.Count == 0)
        {
            return (0, 0);
        }

        var pending = groups.Select(g => new PendingCommit(
            g["_id"].AsString,
            BsonFields.GetString(g, OutboxDocument.InstanceIdField),
            BsonFields.GetInt64(g, OutboxDocument.RevisionField),
            BsonFields.GetTime(g, OutboxDocument.WrittenAtField))).ToList();
        var heads = (await _instances.Find(MongoCommands.InstancesById(pending.Select(p => p.InstanceId).Distinct()))
                .Project(InstanceHead.Projection)
                .ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(ParseHead)
            .ToDictionary(h => h.InstanceId, StringComparer.Ordinal);

        var ready = new List<PendingCommit>();
        var discard = new List<string>();
        foreach (var commit in pending)
        {
            switch (OutboxRecovery.Decide(commit, heads.GetValueOrDefault(commit.InstanceId), now, _options.OrphanedOutboxTimeout))
            {
                case PendingOutboxDecision.MarkReady:
                    ready.Add(commit);
                    break;
                case PendingOutboxDecision.Discard:
                    discard.Add(commit.CommitId);
                    break;
            }
        }

        if (ready.Count > 0)
        {
            await _outbox.UpdateManyAsync(MongoCommands.PendingEntriesOfCommits(ready.Select(c => c.CommitId)), MongoCommands.MarkReady,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var instance in ready.GroupBy(c => c.InstanceId, StringComparer.Ordinal))
            {
                await _instances.UpdateOneAsync(MongoCommands.InstanceById(instance.Key), MongoCommands.ForgetOutboxCommits(instance.Select(c => c.CommitId)),
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }

        if (discard.Count > 0)
        {
            await _outbox.DeleteManyAsync(MongoCommands.PendingEntriesOfCommits(discard), cancellationToken).ConfigureAwait(false);
        }

        if (ready.Count + discard.Count > 0)
        {
            _logger.OutboxRecovered(ready.Count, discard.Count);
        }

        return (ready.Count, discard.Count);
    }

    /// <summary>
    /// Moves an undecodable outbox document to the dead letters and, in its place, queues a message that fails the
    /// instance it was for with the reason: nothing waits forever for a message that can never be delivered. Each
    /// step is idempotent, so a crash part-way is finished by the next claim.
    /// </summary>
    private async Task QuarantineAsync(BsonDocument document, string error, CancellationToken cancellationToken)
    {
        var id = IdOf(document);
        var target = (document.GetValue(OutboxDocument.MessageField, BsonNull.Value) as BsonDocument)?.GetValue(EventBson.InstanceId, BsonNull.Value) as BsonString
                     ?? document.GetValue(OutboxDocument.InstanceIdField, BsonNull.Value) as BsonString;
        var reason = $"Outbox entry '{id}' could not be decoded ({error}); it was moved to the {_deadLetters.CollectionNamespace.CollectionName} collection.";
        var now = Now;
        var deadLetter = new BsonDocument
        {
            { "_id", document["_id"] },
            { DeadLetter.InstanceId, (BsonValue?)target ?? BsonNull.Value },
            { DeadLetter.Reason, reason },
            { DeadLetter.Document, document },
        };
        BsonFields.AddTime(deadLetter, DeadLetter.DeadAt, now);
        await IgnoreDuplicateAsync(_deadLetters.InsertOneAsync(deadLetter, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (target is not null)
        {
            var poison = new OutboxDocument(
                $"poison:{id}",
                target.Value,
                Revision: 0,
                CommitId: "poison",
                OutboxState.Ready,
                now,
                now,
                Claim: null,
                new WorkMessage
                {
                    MessageId = $"poison:{id}",
                    InstanceId = target.Value,
                    Event = new ExecutionFailedEvent
                    {
                        Timestamp = now,
                        FailureDetails = new FailureDetails("WorkflowSdk.PoisonMessage", reason, IsNonRetriable: true),
                    },
                });
            await IgnoreDuplicateAsync(_outbox.InsertOneAsync(poison.ToBson(), cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await _outbox.DeleteOneAsync(MongoCommands.EntriesById([id]), cancellationToken).ConfigureAwait(false);
        _logger.OutboxEntryQuarantined(id, target?.Value ?? "(unknown)", reason);
    }

    private static async Task IgnoreDuplicateAsync(Task insert)
    {
        try
        {
            await insert.ConfigureAwait(false);
        }
        catch (MongoWriteException ex) when (IsDuplicateKey(ex))
        {
            // Already done by an earlier, interrupted attempt.
        }
    }
}
