using WorkflowSdk.Backends;

namespace WorkflowSdk.RabbitMQ.Tests;

/// <summary>A store that fails on purpose: after a commit (as if the worker died before acknowledging), or on reads.</summary>
internal sealed class FlakyStore(IWorkflowStore inner) : IWorkflowStore
{
    /// <summary>Called after each successful commit; when it returns true, the commit "fails" (it is stored, but the caller sees an error).</summary>
    public Func<EpisodeCommit, bool>? FailAfterCommit { get; set; }

    /// <summary>Instances whose history cannot be loaded (a storage error, not damaged data).</summary>
    public Func<string, bool>? FailLoadHistory { get; set; }

    public int FailedCommits;

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<InstanceRecord?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken) => inner.GetInstanceAsync(instanceId, cancellationToken);

    public Task<StoredHistory> LoadHistoryAsync(string instanceId, CancellationToken cancellationToken) =>
        FailLoadHistory?.Invoke(instanceId) == true
            ? throw new IOException($"Simulated storage failure reading the history of '{instanceId}'.")
            : inner.LoadHistoryAsync(instanceId, cancellationToken);

    public Task<OutboxEntry?> CreateInstanceAsync(InstanceRecord instance, WorkMessage startMessage, bool reuseFinished, TimeSpan? outboxClaimDuration, CancellationToken cancellationToken) =>
        inner.CreateInstanceAsync(instance, startMessage, reuseFinished, outboxClaimDuration, cancellationToken);

    public async Task<CommitResult> CommitEpisodeAsync(EpisodeCommit commit, CancellationToken cancellationToken)
    {
        // Decided and counted before the commit, so that a test that sees the commit's effect also sees the count.
        var fail = FailAfterCommit?.Invoke(commit) == true;
        if (fail)
        {
            Interlocked.Increment(ref FailedCommits);
        }

        var result = await inner.CommitEpisodeAsync(commit, cancellationToken);
        return result.Succeeded && fail
            ? throw new IOException("Simulated failure after the commit: the worker never learns that it committed.")
            : result;
    }

    public Task<InstancePage> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken) => inner.ListInstancesAsync(query, cancellationToken);

    public Task<int> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken) => inner.PurgeInstanceAsync(instanceId, cancellationToken);

    public Task<IReadOnlyList<OutboxEntry>> ClaimDueOutboxAsync(int maxCount, TimeSpan lease, CancellationToken cancellationToken) =>
        inner.ClaimDueOutboxAsync(maxCount, lease, cancellationToken);

    public Task DeleteOutboxAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken) => inner.DeleteOutboxAsync(entries, cancellationToken);

    public Task<DateTime?> GetNextOutboxDueTimeAsync(CancellationToken cancellationToken) => inner.GetNextOutboxDueTimeAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
