using WorkflowSdk.MongoDB.Internal.Documents;
using WorkflowSdk.MongoDB.Internal.Protocol;

namespace WorkflowSdk.MongoDB.Tests.Protocol;

/// <summary>
/// The commit protocol stopped at each of its steps (a crash, a lost race, a network error with an unknown outcome):
/// what a reader, the relay and outbox recovery see. The invariant every test checks: readers see exactly the
/// committed episodes, and the relay publishes exactly the messages of committed episodes (after recovery at the
/// latest), never those of an episode that did not commit.
/// </summary>
public sealed class CrashPointTests
{
    private static readonly DateTime Later = ProtocolModel.Now.AddMinutes(1);

    /// <summary>An instance created (revision 1, no history) and one committed episode "one" (revision 2).</summary>
    private static ProtocolModel Started()
    {
        var model = new ProtocolModel();
        Assert.True(model.Commit(model.Plan("start", expected: 0, newExecution: true, noEvents: true, executionId: "exec-1")));
        Assert.True(model.Commit(model.Plan("one", expected: 1)));
        Assert.Equal(2, model.Instance!.Revision);
        return model;
    }

    [Fact]
    public void Chunks_and_entries_written_before_a_crash_ahead_of_the_compare_and_set_are_invisible()
    {
        var model = Started();
        var crashed = model.Plan("lost", expected: 2);

        model.WriteSideDocuments(crashed);

        var (markers, assembled) = model.Read();
        Assert.Equal(["one"], markers);
        Assert.Empty(assembled.Garbage); // above the committed revision: maybe still in flight, so not garbage yet
        Assert.DoesNotContain("lost-0", model.Publishable());
        Assert.Equal((0, 0), model.Recover(Later)); // revision 2 < 3: the writer might still succeed
        Assert.Single(model.Outbox, e => e.CommitId == crashed.CommitId && e.State == OutboxState.Pending);
    }

    [Fact]
    public void When_another_commit_takes_the_revision_the_crashed_commits_leftovers_are_ignored_and_then_removed()
    {
        var model = Started();
        var crashed = model.Plan("lost", expected: 2);
        model.WriteSideDocuments(crashed);

        Assert.True(model.Commit(model.Plan("two", expected: 2)));

        var (markers, assembled) = model.Read();
        Assert.Equal(["one", "two"], markers);
        Assert.Equal([crashed.CommitId], assembled.Garbage);
        Assert.Equal((0, 1), model.Recover(Later));
        Assert.DoesNotContain(model.Outbox, e => e.CommitId == crashed.CommitId);
        Assert.Contains("two-0", model.Publishable());
        Assert.DoesNotContain("lost-0", model.Publishable());
    }

    [Fact]
    public void A_crash_right_after_the_compare_and_set_leaves_a_complete_commit_whose_entries_recovery_marks_ready()
    {
        var model = Started();
        var plan = model.Plan("two", expected: 2, messages: 3);
        model.WriteSideDocuments(plan);
        Assert.True(model.CompareAndSet(plan));

        Assert.Equal(["one", "two"], model.Read().Markers);
        Assert.DoesNotContain("two-0", model.Publishable()); // still pending: the relay does not see them yet
        Assert.Contains(plan.CommitId, model.Instance!.OutboxCommits);

        Assert.Equal((1, 0), model.Recover(Later));

        Assert.Equal(["two-0", "two-1", "two-2"], model.Publishable().Where(m => m.StartsWith("two", StringComparison.Ordinal)));
        Assert.DoesNotContain(plan.CommitId, model.Instance!.OutboxCommits);
    }

    [Fact]
    public void A_crash_after_marking_but_before_forgetting_leaves_a_stale_id_that_changes_nothing()
    {
        var model = Started();
        var plan = model.Plan("two", expected: 2);
        model.WriteSideDocuments(plan);
        Assert.True(model.CompareAndSet(plan));
        model.MarkReady(plan);

        Assert.Contains("two-0", model.Publishable());
        Assert.Equal((0, 0), model.Recover(Later));
        Assert.True(model.Commit(model.Plan("three", expected: 3)));
        Assert.Equal(["one", "two", "three"], model.Read().Markers);
        Assert.Equal([plan.CommitId], model.Instance!.OutboxCommits);
    }

    [Fact]
    public void Of_two_writers_racing_for_a_revision_only_the_winners_events_and_messages_survive()
    {
        var model = Started();
        var first = model.Plan("first", expected: 2);
        var second = model.Plan("second", expected: 2);

        model.WriteSideDocuments(first);
        model.WriteSideDocuments(second);
        Assert.True(model.CompareAndSet(second));
        Assert.False(model.CompareAndSet(first));
        model.CleanUp(first);
        model.MarkReady(second);
        model.Forget(second);

        var (markers, assembled) = model.Read();
        Assert.Equal(["one", "second"], markers);
        Assert.Empty(assembled.Garbage);
        Assert.Contains("second-0", model.Publishable());
        Assert.DoesNotContain(model.Outbox, e => e.CommitId == first.CommitId);
    }

    [Fact]
    public void A_loser_that_crashes_before_cleaning_up_is_ignored_by_readers_and_its_entries_are_discarded()
    {
        var model = Started();
        var loser = model.Plan("loser", expected: 2);
        var winner = model.Plan("winner", expected: 2);
        model.WriteSideDocuments(loser);
        Assert.True(model.Commit(winner));
        Assert.False(model.CompareAndSet(loser)); // ... and the loser crashes here

        var (markers, assembled) = model.Read();
        Assert.Equal(["one", "winner"], markers);
        Assert.Equal([loser.CommitId], assembled.Garbage);
        Assert.Equal((0, 1), model.Recover(Later));
        Assert.DoesNotContain("loser-0", model.Publishable());
    }

    [Fact]
    public void A_stale_writers_chunk_at_a_revision_whose_commit_wrote_no_history_is_never_read()
    {
        // Revision 3 is committed without history (e.g. a state change with no events): a writer still holding
        // revision 2 can then write a chunk at revision 3 with no key conflict. Only the chain tells it apart.
        var model = Started();
        var stale = model.Plan("stale", expected: 2);
        Assert.True(model.Commit(model.Plan("no history", expected: 2, noEvents: true, messages: 0)));
        model.WriteSideDocuments(stale);
        Assert.False(model.CompareAndSet(stale));

        var (markers, assembled) = model.Read();
        Assert.Equal(["one"], markers);
        Assert.Equal(3, model.Instance!.Revision);
        Assert.Equal([stale.CommitId], assembled.Garbage);
    }

    [Fact]
    public void Several_leftovers_at_the_committed_revision_are_told_apart_from_the_committed_chunk()
    {
        var model = Started();
        var plans = Enumerable.Range(0, 4).Select(i => model.Plan($"w{i}", expected: 2)).ToList();
        plans.ForEach(model.WriteSideDocuments);
        Assert.True(model.CompareAndSet(plans[2]));

        var (markers, assembled) = model.Read();
        Assert.Equal(["one", "w2"], markers);
        Assert.Equal(new[] { plans[0], plans[1], plans[3] }.Select(p => p.CommitId).Order(StringComparer.Ordinal), assembled.Garbage);
        Assert.Equal((1, 3), model.Recover(Later));
        Assert.Equal(["start-0", "one-0", "w2-0"], model.Publishable());
    }

    [Fact]
    public void A_new_execution_hides_the_previous_executions_chunks_even_if_the_writer_crashed_before_deleting_them()
    {
        var model = Started();
        var next = model.Plan("restart", expected: 2, newExecution: true);
        Assert.True(next.DropsOtherExecutions);
        Assert.False(next.Chunks[0].Contains("previousCommitId"));

        model.WriteSideDocuments(next);
        Assert.True(model.CompareAndSet(next)); // crash: the old execution's chunks stay

        Assert.Equal(["restart"], model.Read().Markers);
        model.DropOtherExecutions(next);
        Assert.Equal(["restart"], model.Read().Markers);
        Assert.All(model.Chunks, c => Assert.Equal("exec-restart", c["executionId"].AsString));
    }

    [Fact]
    public void A_committed_multi_part_episode_with_a_part_missing_is_reported_as_broken_not_shortened()
    {
        var model = Started();
        model.MaxChunkBytes = 64 * 1024;
        var big = model.Plan("big", expected: 2);
        var large = big with
        {
            Chunks = CommitProtocol.Plan(
                new Backends.EpisodeCommit
                {
                    Instance = big.NewInstance.Record with { Revision = 0 },
                    ExpectedRevision = 2,
                    NewEvents = Enumerable.Range(0, 6).SelectMany(i => HistorySamples.Episode($"part{i}", payloadBytes: 30_000)).ToList(),
                    Outbox = [],
                },
                model.Instance, big.CommitId, ProtocolModel.Now, model.MaxChunkBytes, transactional: false).Chunks,
        };
        Assert.True(large.Chunks.Count >= 3);
        Assert.True(model.Commit(large));
        Assert.Equal(["one", "part0", "part1", "part2", "part3", "part4", "part5"], model.Read().Markers);

        model.Chunks.Remove(large.Chunks[1]);

        var (markers, assembled) = model.Read();
        Assert.Empty(markers);
        Assert.Contains($"commit {large.CommitId} (revision 3) wrote {large.Chunks.Count} history chunk(s)", assembled.Problem, StringComparison.Ordinal);
        Assert.Empty(assembled.Garbage);
    }

    [Fact]
    public void An_unknown_compare_and_set_outcome_is_right_either_way_without_any_cleanup()
    {
        // The writer sends the compare-and-set and loses the connection: it throws without cleaning up.
        foreach (var applied in new[] { true, false })
        {
            var model = Started();
            var plan = model.Plan("unknown", expected: 2);
            model.WriteSideDocuments(plan);
            if (applied)
            {
                Assert.True(model.CompareAndSet(plan));
            }

            // The message is redelivered; the next episode reads what is there and commits on top of it.
            var expected = model.Instance!.Revision;
            Assert.True(model.Commit(model.Plan("retry", expected: expected)));
            model.Recover(Later);

            Assert.Equal(applied ? ["one", "unknown", "retry"] : ["one", "retry"], model.Read().Markers);
            Assert.Equal(applied, model.Publishable().Contains("unknown-0"));
            Assert.DoesNotContain(model.Outbox, e => e.State == OutboxState.Pending);
        }
    }

    [Fact]
    public void Entries_of_an_instance_whose_creation_never_happened_are_kept_for_the_orphan_timeout_then_deleted()
    {
        var model = new ProtocolModel();
        var creation = model.Plan("start", expected: 0, newExecution: true, noEvents: true, executionId: "exec-1");
        model.WriteSideDocuments(creation); // crash before the instance document is inserted

        Assert.Equal((0, 0), model.Recover(ProtocolModel.Now + ProtocolModel.OrphanTimeout - TimeSpan.FromSeconds(1)));
        Assert.Equal((0, 1), model.Recover(ProtocolModel.Now + ProtocolModel.OrphanTimeout));
        Assert.Empty(model.Outbox);
    }

    [Fact]
    public void Of_two_creators_of_one_instance_the_one_whose_insert_lands_wins_and_the_others_start_message_is_discarded()
    {
        var model = new ProtocolModel();
        var first = model.Plan("first", expected: 0, newExecution: true, noEvents: true, executionId: "exec-a");
        var second = model.Plan("second", expected: 0, newExecution: true, noEvents: true, executionId: "exec-b");
        model.WriteSideDocuments(first);
        model.WriteSideDocuments(second);

        Assert.True(model.CompareAndSet(second));
        Assert.False(model.CompareAndSet(first)); // duplicate key; crash before cleanup

        Assert.Equal((1, 1), model.Recover(Later));
        Assert.Equal(["second-0"], model.Publishable());
        Assert.Equal("exec-b", model.Instance!.ExecutionId);
    }

    [Fact]
    public void In_the_transaction_fast_path_entries_are_written_ready_and_outbox_commits_are_not_tracked()
    {
        var model = Started();
        var plan = model.Plan("tx", expected: 2, transactional: true);

        Assert.All(plan.Outbox, e => Assert.Equal(OutboxState.Ready, e.State));
        Assert.False(plan.TracksOutbox);
        Assert.DoesNotContain(plan.CommitId, plan.NewInstance.OutboxCommits);
        Assert.True(model.Commit(plan));
        Assert.Equal(["one", "tx"], model.Read().Markers);
        Assert.Contains("tx-0", model.Publishable());
    }
}
