using MongoDB.Bson;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.MongoDB.Internal.Documents;
using WorkflowSdk.MongoDB.Internal.Protocol;

namespace WorkflowSdk.MongoDB.Tests.Protocol;

public sealed class CommitPlanTests
{
    private const int Limit = DocumentTooLargeException.MongoDBDocumentLimitBytes;
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    private static readonly InstanceHead Current = new("i", 4, "x", OrchestrationRuntimeStatus.Running, "c-prev", ["c-old"]);

    private static EpisodeCommit Commit(IReadOnlyList<HistoryEvent> events, IReadOnlyList<WorkMessage>? outbox = null, TimeSpan? lease = null, InstanceRecord? record = null) => new()
    {
        Instance = record ?? new InstanceRecord
        {
            InstanceId = "i", Name = "Flow", ExecutionId = "x", Status = OrchestrationRuntimeStatus.Running, CreatedAt = Now, LastUpdatedAt = Now,
        },
        ExpectedRevision = 4,
        NewEvents = events,
        Outbox = outbox ?? [],
        OutboxClaimDuration = lease,
    };

    private static CommitPlan Plan(EpisodeCommit commit, int maxChunkBytes = 4 * 1024 * 1024) =>
        CommitProtocol.Plan(commit, Current, "c-new", Now, maxChunkBytes, transactional: false);

    [Fact]
    public void A_small_episode_is_one_chunk_linked_to_the_previous_head_at_the_next_revision()
    {
        var plan = Plan(Commit(HistorySamples.Episode("e")));

        var chunk = ChunkDocument.FromBson(Assert.Single(plan.Chunks));
        Assert.Equal(new ChunkHeader("c-new:0", "i", "x", 5, 0, 1, "c-new", "c-prev"), chunk.Header);
        Assert.Equal(HistorySamples.Canonical(HistorySamples.Episode("e")), HistorySamples.Canonical(chunk.Events));
        Assert.Equal((HeadChange.Set, 5L, "c-new"), (plan.Head, plan.NewRevision, plan.NewInstance.HistoryHead));
        Assert.False(plan.DropsOtherExecutions);
    }

    [Fact]
    public void A_large_episode_is_split_in_order_into_chunks_no_larger_than_the_target()
    {
        const int Target = 64 * 1024;
        var events = Enumerable.Range(0, 40).SelectMany(i => HistorySamples.Episode($"e{i}", payloadBytes: 5_000)).ToList();

        var plan = Plan(Commit(events), Target);

        Assert.True(plan.Chunks.Count > 1);
        var chunks = plan.Chunks.Select(ChunkDocument.FromBson).ToList();
        Assert.All(plan.Chunks, c => Assert.InRange(c.ToBson().Length, 1, Target));
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Header.Part));
        Assert.All(chunks, c => Assert.Equal((chunks.Count, 5L, "c-prev"), (c.Header.Parts, c.Header.Revision, c.Header.PreviousCommitId)));
        Assert.Equal(HistorySamples.Canonical(events), HistorySamples.Canonical(chunks.SelectMany(c => c.Events).ToList()));
    }

    [Fact]
    public void An_event_larger_than_the_target_gets_a_chunk_of_its_own()
    {
        var events = new List<HistoryEvent>(HistorySamples.Episode("small"));
        events.Insert(1, new TaskCompletedEvent { Timestamp = Now, TaskId = 0, Result = new byte[200_000] });

        var plan = Plan(Commit(events), 64 * 1024);

        Assert.Equal([1, 1, 2], plan.Chunks.Select(c => c["events"].AsBsonArray.Count));
    }

    [Fact]
    public void An_event_over_16_MiB_is_rejected_with_an_error_naming_the_event_and_the_limit()
    {
        var events = new List<HistoryEvent>(HistorySamples.Episode("small"));
        events.Insert(2, new TaskCompletedEvent { Timestamp = Now, TaskId = 3, Result = new byte[Limit] });

        var error = Assert.Throws<DocumentTooLargeException>(() => Plan(Commit(events)));

        Assert.Contains("history event #2 (TaskCompleted)", error.Message, StringComparison.Ordinal);
        Assert.Contains("16 MiB (16,777,216-byte) document limit", error.Message, StringComparison.Ordinal);
        Assert.Equal("i", error.InstanceId);
        Assert.True(error.SizeBytes > Limit);
    }

    [Fact]
    public void An_event_just_under_the_limit_still_fits_in_a_chunk_of_its_own()
    {
        var events = new List<HistoryEvent> { new TaskCompletedEvent { Timestamp = Now, TaskId = 3, Result = new byte[Limit - 1024] } };

        var chunk = Assert.Single(Plan(Commit(events)).Chunks);

        Assert.InRange(chunk.ToBson().Length, Limit - 1024, Limit);
    }

    [Fact]
    public void An_instance_document_over_16_MiB_is_rejected_with_an_error_naming_its_payloads()
    {
        var record = Commit([]).Instance with { Input = new byte[9_000_000], Output = new byte[9_000_000] };

        var error = Assert.Throws<DocumentTooLargeException>(() => Plan(Commit(HistorySamples.Episode("e"), record: record)));

        Assert.Contains("the instance document (input 9,000,000, output 9,000,000, custom status 0 bytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_outbox_message_over_16_MiB_is_rejected_with_an_error_naming_it()
    {
        var huge = new WorkMessage { MessageId = "m", InstanceId = "child", Event = new TaskScheduledEvent { TaskId = 0, Name = "A", Input = new byte[Limit] } };

        var error = Assert.Throws<DocumentTooLargeException>(() => Plan(Commit(HistorySamples.Episode("e"), [huge])));

        Assert.Contains("outbox message #0 (TaskScheduled for instance 'child')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outbox_entries_are_pending_keyed_by_the_commit_and_only_immediate_ones_are_returned_for_publishing()
    {
        var now = new WorkMessage { MessageId = "now", InstanceId = "a", Event = new EventRaisedEvent { Name = "now" } };
        var timer = new WorkMessage { MessageId = "timer", InstanceId = "i", VisibleAtUtc = Now.AddHours(1), Event = new TimerFiredEvent { TaskId = 1, FireAt = Now.AddHours(1) } };

        var plan = Plan(Commit(HistorySamples.Episode("e"), [now, timer], lease: TimeSpan.FromSeconds(30)));

        Assert.Equal(["c-new:0", "c-new:1"], plan.Outbox.Select(e => e.Id));
        Assert.All(plan.Outbox, e => Assert.Equal((OutboxState.Pending, "c-new", 5L, "i", Now), (e.State, e.CommitId, e.Revision, e.InstanceId, e.WrittenAt)));
        Assert.Equal([Now.AddSeconds(30), Now.AddHours(1)], plan.Outbox.Select(e => e.VisibleAt));
        Assert.Equal(["c-new:0"], plan.ToPublish.Select(e => e.Id));
        Assert.True(plan.TracksOutbox);
        Assert.Equal(["c-old", "c-new"], plan.NewInstance.OutboxCommits);
        BsonAssert.Equal("""{ "outboxCommits" : "c-new" }""", BsonAssert.Render(plan.CompareAndSetUpdate)["$push"]);
    }

    [Fact]
    public void Without_a_relay_lease_entries_are_due_now_and_nothing_is_returned_for_publishing()
    {
        var message = new WorkMessage { MessageId = "m", InstanceId = "a", Event = new EventRaisedEvent { Name = "e" } };

        var plan = Plan(Commit(HistorySamples.Episode("e"), [message]));

        Assert.Equal(Now, Assert.Single(plan.Outbox).VisibleAt);
        Assert.Empty(plan.ToPublish);
    }

    [Fact]
    public void A_commit_without_events_or_messages_writes_no_chunk_keeps_the_head_and_tracks_nothing()
    {
        var plan = Plan(Commit([]));

        Assert.Empty(plan.Chunks);
        Assert.Equal((HeadChange.Keep, "c-prev", false), (plan.Head, plan.NewInstance.HistoryHead, plan.TracksOutbox));
        Assert.False(BsonAssert.Render(plan.CompareAndSetUpdate).AsBsonDocument.Contains("$push"));
    }

    [Fact]
    public void A_new_execution_starts_a_new_chain_and_drops_the_old_executions_chunks()
    {
        var commit = Commit(HistorySamples.Episode("e")) with { StartsNewExecution = true };
        var withoutEvents = Commit([]) with { StartsNewExecution = true };

        var plan = Plan(commit);
        var empty = Plan(withoutEvents);

        Assert.False(plan.Chunks[0].Contains("previousCommitId"));
        Assert.True(plan.DropsOtherExecutions);
        Assert.Equal((HeadChange.Clear, (string?)null), (empty.Head, empty.NewInstance.HistoryHead));
    }

    [Fact]
    public void Creating_an_instance_inserts_the_whole_document_at_revision_one()
    {
        var commit = Commit(HistorySamples.Episode("e")) with { ExpectedRevision = 0 };

        var plan = CommitProtocol.Plan(commit, current: null, "c1", Now, 4 * 1024 * 1024, transactional: false);

        Assert.True(plan.CreatesInstance);
        Assert.Equal((1L, "c1"), (plan.NewInstance.Record.Revision, plan.NewInstance.HistoryHead));
        Assert.False(plan.DropsOtherExecutions);
        Assert.Equal(1, plan.NewInstance.ToBson()["revision"].AsInt64);
    }
}
