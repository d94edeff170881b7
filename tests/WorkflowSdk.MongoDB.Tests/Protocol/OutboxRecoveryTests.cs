using WorkflowSdk.MongoDB.Internal.Protocol;

namespace WorkflowSdk.MongoDB.Tests.Protocol;

public sealed class OutboxRecoveryTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Orphan = TimeSpan.FromMinutes(10);

    private static readonly PendingCommit Commit = new("c", "i", Revision: 5, WrittenAt: Now.AddMinutes(-1));

    private static InstanceHead Instance(long revision, params string[] outboxCommits) =>
        new("i", revision, "x", OrchestrationRuntimeStatus.Running, null, outboxCommits);

    [Theory]
    [InlineData(5, true, "MarkReady")] // committed, entries not marked yet
    [InlineData(9, true, "MarkReady")] // committed long ago, still not marked
    [InlineData(4, false, "Wait")] // the revision is still below: the writer may still commit
    [InlineData(5, false, "Discard")] // someone else took revision 5
    [InlineData(7, false, "Discard")]
    public void A_pending_commit_is_committed_exactly_when_the_instance_still_lists_it(long revision, bool listed, string expected)
    {
        var instance = listed ? Instance(revision, "other", "c") : Instance(revision, "other");

        Assert.Equal(expected, OutboxRecovery.Decide(Commit, instance, Now, Orphan).ToString());
    }

    [Fact]
    public void Without_an_instance_document_entries_wait_for_the_orphan_timeout()
    {
        Assert.Equal(PendingOutboxDecision.Wait, OutboxRecovery.Decide(Commit, null, Commit.WrittenAt + Orphan - TimeSpan.FromTicks(1), Orphan));
        Assert.Equal(PendingOutboxDecision.Discard, OutboxRecovery.Decide(Commit, null, Commit.WrittenAt + Orphan, Orphan));
    }
}
