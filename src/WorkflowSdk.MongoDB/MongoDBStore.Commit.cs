using MongoDB.Bson;
using MongoDB.Driver;
using WorkflowSdk.Backends;
using WorkflowSdk.MongoDB.Internal.Documents;
using WorkflowSdk.MongoDB.Internal.Protocol;

namespace WorkflowSdk.MongoDB;

/// <summary>Episode commits: the transaction-free protocol and the transaction fast path (see <c>CommitProtocol</c>).</summary>
public sealed partial class MongoDBStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// Without a transaction: read the instance's head; write the chunks and pending outbox entries of a fresh
    /// commit id; compare-and-set the instance document on its revision (the commit point); then mark the entries
    /// ready. A lost race deletes what it wrote and returns <see cref="CommitResult.Conflict"/>. See
    /// <c>docs/mongodb.md</c> for the crash points and what readers see at each.
    /// </remarks>
    public async Task<CommitResult> CommitEpisodeAsync(EpisodeCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(commit.Instance);
        var current = await ReadHeadAsync(commit.Instance.InstanceId, cancellationToken).ConfigureAwait(false);
        return await CommitAsync(commit, current, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CommitResult> CommitAsync(EpisodeCommit commit, InstanceHead? current, CancellationToken cancellationToken)
    {
        if (commit.ExpectedRevision == 0 ? current is not null : current?.Revision != commit.ExpectedRevision)
        {
            // Lost before writing anything.
            return CommitResult.Conflict;
        }

        var transactional = await UseTransactionsAsync(cancellationToken).ConfigureAwait(false);
        var plan = CommitProtocol.Plan(commit, current, WorkMessage.NewId(), Now, _options.MaxChunkBytes, transactional);
        var committed = transactional
            ? await CommitInTransactionAsync(plan, cancellationToken).ConfigureAwait(false)
            : await CommitWithoutTransactionAsync(plan, cancellationToken).ConfigureAwait(false);
        if (!committed)
        {
            return CommitResult.Conflict;
        }

        if (plan.DropsOtherExecutions && !transactional)
        {
            await DeleteQuietlyAsync(_history, MongoCommands.ChunksOfOtherExecutions(plan.InstanceId, plan.NewInstance.Record.ExecutionId), plan)
                .ConfigureAwait(false);
        }

        return new CommitResult(true, plan.NewRevision, plan.ToPublish);
    }

    private async Task<bool> CommitWithoutTransactionAsync(CommitPlan plan, CancellationToken cancellationToken)
    {
        // 1. Chunks and pending entries, keyed by the commit id: invisible until the instance document names them.
        try
        {
            var writes = new List<Task>(2);
            if (plan.Chunks.Count > 0)
            {
                writes.Add(_history.InsertManyAsync(plan.Chunks, new InsertManyOptions { IsOrdered = false }, cancellationToken));
            }

            if (plan.Outbox.Count > 0)
            {
                writes.Add(_outbox.InsertManyAsync(plan.Outbox.Select(e => e.ToBson()), new InsertManyOptions { IsOrdered = false }, cancellationToken));
            }

            await Task.WhenAll(writes).ConfigureAwait(false);
        }
        catch (Exception)
        {
            await CleanUpLostCommitAsync(plan).ConfigureAwait(false);
            throw;
        }

        // 2. The commit point: one single-document write on the instance.
        bool advanced;
        if (plan.CreatesInstance)
        {
            if (Now - plan.WrittenAt >= _options.OrphanedOutboxTimeout / 2)
            {
                // Recovery may already consider these entries orphaned: creating the instance now could lose them.
                await CleanUpLostCommitAsync(plan).ConfigureAwait(false);
                throw new TimeoutException(
                    $"Creating instance '{plan.InstanceId}' took longer than half of MongoDBStoreOptions.OrphanedOutboxTimeout " +
                    $"({_options.OrphanedOutboxTimeout}) between writing its outbox entries and the instance document; it was abandoned.");
            }

            try
            {
                await _instances.InsertOneAsync(plan.NewInstance.ToBson(), cancellationToken: cancellationToken).ConfigureAwait(false);
                advanced = true;
            }
            catch (MongoWriteException ex) when (IsDuplicateKey(ex))
            {
                advanced = false;
            }
        }
        else
        {
            // An exception here leaves the outcome unknown: no cleanup, the reader and recovery rules hold either way.
            var result = await _instances.UpdateOneAsync(plan.CompareAndSetFilter, plan.CompareAndSetUpdate, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            advanced = result.MatchedCount == 1;
        }

        if (!advanced)
        {
            await CleanUpLostCommitAsync(plan).ConfigureAwait(false);
            _logger.CommitLostRace(plan.InstanceId, plan.CommitId, plan.NewRevision);
            return false;
        }

        // 3. Committed. Mark the entries ready, then forget the commit id; recovery does both if this fails.
        if (plan.TracksOutbox)
        {
            try
            {
                await _outbox.UpdateManyAsync(MongoCommands.PendingEntries(plan.Outbox.Select(e => e.Id)), MongoCommands.MarkReady,
                    cancellationToken: CancellationToken.None).ConfigureAwait(false);
                await _instances.UpdateOneAsync(MongoCommands.InstanceById(plan.InstanceId), MongoCommands.ForgetOutboxCommits([plan.CommitId]),
                    cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MongoException or TimeoutException)
            {
                _logger.MarkReadyFailed(ex, plan.InstanceId, plan.CommitId);
            }
        }

        return true;
    }

    private async Task<bool> CommitInTransactionAsync(CommitPlan plan, CancellationToken cancellationToken)
    {
        using var session = await _client.StartSessionAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return await session.WithTransactionAsync(
            async (s, token) =>
            {
                if (plan.CreatesInstance)
                {
                    try
                    {
                        await _instances.InsertOneAsync(s, plan.NewInstance.ToBson(), cancellationToken: token).ConfigureAwait(false);
                    }
                    catch (MongoWriteException ex) when (IsDuplicateKey(ex))
                    {
                        await s.AbortTransactionAsync(token).ConfigureAwait(false);
                        return false;
                    }
                }
                else
                {
                    var result = await _instances.UpdateOneAsync(s, plan.CompareAndSetFilter, plan.CompareAndSetUpdate, cancellationToken: token)
                        .ConfigureAwait(false);
                    if (result.MatchedCount != 1)
                    {
                        await s.AbortTransactionAsync(token).ConfigureAwait(false);
                        return false;
                    }
                }

                if (plan.Chunks.Count > 0)
                {
                    await _history.InsertManyAsync(s, plan.Chunks, cancellationToken: token).ConfigureAwait(false);
                }

                if (plan.Outbox.Count > 0)
                {
                    await _outbox.InsertManyAsync(s, plan.Outbox.Select(e => e.ToBson()), cancellationToken: token).ConfigureAwait(false);
                }

                if (plan.DropsOtherExecutions)
                {
                    await _history.DeleteManyAsync(s, MongoCommands.ChunksOfOtherExecutions(plan.InstanceId, plan.NewInstance.Record.ExecutionId),
                        cancellationToken: token).ConfigureAwait(false);
                }

                return true;
            },
            new TransactionOptions(writeConcern: _instances.Settings.WriteConcern),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes what a commit that did not happen wrote (best effort: readers ignore it anyway).</summary>
    private async Task CleanUpLostCommitAsync(CommitPlan plan)
    {
        try
        {
            if (plan.Chunks.Count > 0)
            {
                await _history.DeleteManyAsync(MongoCommands.ChunksOfCommit(plan.InstanceId, plan.CommitId), CancellationToken.None).ConfigureAwait(false);
            }

            if (plan.Outbox.Count > 0)
            {
                await _outbox.DeleteManyAsync(MongoCommands.PendingEntriesOfCommit(plan.CommitId), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException)
        {
            _logger.CleanupFailed(ex, plan.InstanceId, plan.CommitId);
        }
    }

    private async Task DeleteQuietlyAsync(IMongoCollection<BsonDocument> collection, FilterDefinition<BsonDocument> filter, CommitPlan plan)
    {
        try
        {
            await collection.DeleteManyAsync(filter, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException)
        {
            _logger.CleanupFailed(ex, plan.InstanceId, plan.CommitId);
        }
    }
}
