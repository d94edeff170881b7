namespace WorkflowSdk.MongoDB.Internal.Protocol;

/// <summary>A commit whose outbox entries were found still pending: all of them share these values.</summary>
/// <param name="CommitId">The commit.</param>
/// <param name="InstanceId">The instance it was for.</param>
/// <param name="Revision">The revision it tried to advance the instance to.</param>
/// <param name="WrittenAt">When its entries were written.</param>
internal sealed record PendingCommit(string CommitId, string InstanceId, long Revision, DateTime WrittenAt);

/// <summary>What to do with a pending commit's outbox entries.</summary>
internal enum PendingOutboxDecision
{
    /// <summary>Not decidable yet (the commit may still be in flight): leave them.</summary>
    Wait,

    /// <summary>The commit is committed: mark its entries ready so the relay publishes them.</summary>
    MarkReady,

    /// <summary>The commit can never be committed: delete its entries, unpublished.</summary>
    Discard,
}

/// <summary>
/// The outbox half of the commit protocol, as a pure function: whether a commit that left pending outbox entries
/// behind (its writer crashed, or lost its race, before finishing) was committed.
/// </summary>
/// <remarks>
/// <para>A writer puts its commit id in the instance document's <c>outboxCommits</c> in the same single-document
/// update that advances the revision, marks its entries ready, and only then removes the id. So a pending entry's
/// commit is committed exactly when its id is still in <c>outboxCommits</c>. If it is not there and the instance's
/// revision has reached the entry's revision, another commit took that revision and this one can never succeed (its
/// compare-and-set expects the revision below): discard. If the revision is still below, the writer may yet succeed:
/// wait.</para>
/// <para>With no instance document, a commit that creates the instance may still be in flight; its entries are
/// discarded only after the orphan timeout, and the writer of such a commit gives up (without
/// creating the instance) when half of that time has passed since it wrote them.</para>
/// </remarks>
internal static class OutboxRecovery
{
    public static PendingOutboxDecision Decide(PendingCommit commit, InstanceHead? instance, DateTime now, TimeSpan orphanTimeout)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (instance is null)
        {
            return now - commit.WrittenAt >= orphanTimeout ? PendingOutboxDecision.Discard : PendingOutboxDecision.Wait;
        }

        if (instance.OutboxCommits.Contains(commit.CommitId, StringComparer.Ordinal))
        {
            return PendingOutboxDecision.MarkReady;
        }

        return instance.Revision >= commit.Revision ? PendingOutboxDecision.Discard : PendingOutboxDecision.Wait;
    }
}
