using Microsoft.Extensions.Time.Testing;
using WorkflowSdk.Backends;
using WorkflowSdk.History;

namespace WorkflowSdk.Conformance;

/// <summary>
/// What every <see cref="IWorkflowStore"/> guarantees: atomic, revision-guarded commits; instance creation rules;
/// history per execution; purge; the outbox.
/// </summary>
public abstract class StoreConformanceTests : ConformanceTests
{
    private static readonly DateTime T0 = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    [ConformanceFact]
    public async Task A_created_instance_reads_back_as_pending_at_revision_one()
    {
        await using var host = CreateHost();
        var store = await InitializedStoreAsync(host);

        await store.CreateInstanceAsync(Record("a"), Start("a"), reuseFinished: true, outboxClaimDuration: null, default);
        var record = await store.GetInstanceAsync("a", default);

        Assert.NotNull(record);
        Assert.Equal((OrchestrationRuntimeStatus.Pending, 1L, "Flow", "exec-a"), (record.Status, record.Revision, record.Name, record.ExecutionId));
        Assert.Equal([1, 2, 3], record.Input);
        Assert.Null(await store.GetInstanceAsync("missing", default));
    }

    [ConformanceFact]
    public async Task Creating_an_unfinished_instance_again_is_refused_and_a_finished_one_is_replaced_only_when_allowed()
    {
        await using var host = CreateHost();
        var store = await InitializedStoreAsync(host);
        await store.CreateInstanceAsync(Record("a"), Start("a"), true, null, default);

        var pending = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            store.CreateInstanceAsync(Record("a"), Start("a"), true, null, default));
        Assert.Equal(OrchestrationRuntimeStatus.Pending, pending.Status);

        await CommitAsync(store, Record("a") with { Status = OrchestrationRuntimeStatus.Completed }, expected: 1, Events("first"));
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            store.CreateInstanceAsync(Record("a", "exec-2"), Start("a", "exec-2"), reuseFinished: false, null, default));
        await store.CreateInstanceAsync(Record("a", "exec-2"), Start("a", "exec-2"), reuseFinished: true, null, default);

        var history = await store.LoadHistoryAsync("a", default);
        Assert.Equal(("exec-2", OrchestrationRuntimeStatus.Pending, 3L), (history.Instance!.ExecutionId, history.Instance.Status, history.Instance.Revision));
        Assert.Empty(history.Events);
    }

    [ConformanceFact]
    public async Task A_commit_at_the_expected_revision_writes_events_and_state_together_and_a_stale_one_writes_nothing()
    {
        await using var host = CreateHost();
        var store = await InitializedStoreAsync(host);
        await store.CreateInstanceAsync(Record("a"), Start("a"), true, null, default);

        var first = await CommitAsync(store, Record("a") with { Status = OrchestrationRuntimeStatus.Running }, expected: 1, Events("one"));
        var stale = await CommitAsync(store, Record("a") with { Status = OrchestrationRuntimeStatus.Failed }, expected: 1, Events("lost"));
        var second = await CommitAsync(store, Record("a") with { Status = OrchestrationRuntimeStatus.Completed, Output = [9] }, expected: 2, Events("two"));

        Assert.Equal((true, 2L), (first.Succeeded, first.Revision));
        Assert.False(stale.Succeeded);
        Assert.Equal((true, 3L), (second.Succeeded, second.Revision));
        var history = await store.LoadHistoryAsync("a", default);
        Assert.Equal(["one", "two"], history.Events.OfType<EventRaisedEvent>().Select(e => e.Name));
        Assert.Equal((OrchestrationRuntimeStatus.Completed, 3L), (history.Instance!.Status, history.Instance.Revision));
        Assert.Equal([9], history.Instance.Output);
    }

    [ConformanceFact]
    public async Task A_commit_at_revision_zero_creates_the_instance_once()
    {
        await using var host = CreateHost();
        var store = await InitializedStoreAsync(host);

        var created = await CommitAsync(store, Record("child") with { Status = OrchestrationRuntimeStatus.Running }, expected: 0, Events("start"));
        var again = await CommitAsync(store, Record("child") with { Status = OrchestrationRuntimeStatus.Running }, expected: 0, Events("again"));

        Assert.Equal((true, 1L), (created.Succeeded, created.Revision));
        Assert.False(again.Succeeded);
        Assert.Equal(["start"], (await store.LoadHistoryAsync("child", default)).Events.OfType<EventRaisedEvent>().Select(e => e.Name));
    }

    [ConformanceFact]
    public async Task A_commit_that_starts_a_new_execution_drops_the_history_of_the_previous_one()
    {
        await using var host = CreateHost();
        var store = await InitializedStoreAsync(host);
        await store.CreateInstanceAsync(Record("a"), Start("a"), true, null, default);
        await CommitAsync(store, Record("a") with { Status = OrchestrationRuntimeStatus.Running }, expected: 1, Events("old"));

        var next = await store.CommitEpisodeAsync(
            new EpisodeCommit
            {
                Instance = Record("a", "exec-b") with { Status = OrchestrationRuntimeStatus.Running },
                ExpectedRevision = 2,
                StartsNewExecution = true,
                NewEvents = Events("new"),
                Outbox = [],
            },
            default);

        Assert.True(next.Succeeded);
        var history = await store.LoadHistoryAsync("a", default);
        Assert.Equal("exec-b", history.Instance!.ExecutionId);
        Assert.Equal(["new"], history.Events.OfType<EventRaisedEvent>().Select(e => e.Name));
    }

    [ConformanceFact]
    public async Task Purge_deletes_finished_instances_only()
    {
        await using var host = CreateHost();
        var store = await InitializedStoreAsync(host);
        await store.CreateInstanceAsync(Record("running"), Start("running"), true, null, default);
        await store.CreateInstanceAsync(Record("done"), Start("done"), true, null, default);
        await CommitAsync(store, Record("done") with { Status = OrchestrationRuntimeStatus.Completed }, expected: 1, Events("x"));

        Assert.Equal(1, await store.PurgeInstanceAsync("done", default));
        Assert.Equal(0, await store.PurgeInstanceAsync("done", default));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.PurgeInstanceAsync("running", default));
        Assert.Null(await store.GetInstanceAsync("done", default));
        Assert.Empty((await store.LoadHistoryAsync("done", default)).Events);
    }

    [ConformanceFact]
    public async Task With_a_relay_lease_new_outbox_messages_are_returned_for_publishing_and_hidden_from_other_relays_until_it_ends()
    {
        // The store reads a fake clock: the later message falls due when the test moves time, not after a real wait.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var provider = CreateProvider();
        provider.Clock = clock;
        await using var host = new WorkflowTestHost(provider);
        var store = await InitializedStoreAsync(host);
        await store.CreateInstanceAsync(Record("a"), Start("a"), true, null, default);
        await ClaimAllDueAsync(store);

        var now = Message("a", new EventRaisedEvent { Name = "now" });
        var later = Message("a", new EventRaisedEvent { Name = "later" }) with { VisibleAtUtc = clock.GetUtcNow().UtcDateTime.AddMilliseconds(400) };
        var result = await store.CommitEpisodeAsync(
            new EpisodeCommit
            {
                Instance = Record("a") with { Status = OrchestrationRuntimeStatus.Running },
                ExpectedRevision = 1,
                NewEvents = Events("x"),
                Outbox = [now, later],
                OutboxClaimDuration = TimeSpan.FromMinutes(5),
            },
            default);

        Assert.Equal([now.MessageId], result.ToPublish.Select(e => e.Message.MessageId));
        Assert.Empty(await store.ClaimDueOutboxAsync(10, TimeSpan.FromSeconds(30), default));
        var nextDue = await store.GetNextOutboxDueTimeAsync(default);
        Assert.NotNull(nextDue);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        var due = await store.ClaimDueOutboxAsync(10, TimeSpan.FromSeconds(30), default);
        Assert.Equal([later.MessageId], due.Select(e => e.Message.MessageId));
        Assert.Empty(await store.ClaimDueOutboxAsync(10, TimeSpan.FromSeconds(30), default));
        await store.DeleteOutboxAsync([.. due, .. result.ToPublish], default);
    }

    private static async Task<IWorkflowStore> InitializedStoreAsync(WorkflowTestHost host)
    {
        await host.Backend.InitializeAsync();
        return host.Backend.Store;
    }

    private static async Task ClaimAllDueAsync(IWorkflowStore store)
    {
        var due = await store.ClaimDueOutboxAsync(100, TimeSpan.FromMinutes(5), default);
        await store.DeleteOutboxAsync(due, default);
    }

    private static Task<CommitResult> CommitAsync(IWorkflowStore store, InstanceRecord record, long expected, IReadOnlyList<HistoryEvent> events) =>
        store.CommitEpisodeAsync(new EpisodeCommit { Instance = record, ExpectedRevision = expected, NewEvents = events, Outbox = [] }, default);

    private static InstanceRecord Record(string id, string execution = "") => new()
    {
        InstanceId = id,
        Name = "Flow",
        ExecutionId = execution.Length > 0 ? execution : $"exec-{id}",
        Status = OrchestrationRuntimeStatus.Pending,
        CreatedAt = T0,
        LastUpdatedAt = T0,
        Input = [1, 2, 3],
    };

    private static WorkMessage Start(string id, string execution = "") => Message(id, new ExecutionStartedEvent
    {
        Name = "Flow",
        ExecutionId = execution.Length > 0 ? execution : $"exec-{id}",
    });

    private static WorkMessage Message(string id, HistoryEvent e) => new() { MessageId = WorkMessage.NewId(), InstanceId = id, Event = e };

    private static IReadOnlyList<HistoryEvent> Events(string marker) =>
        [new OrchestratorStartedEvent { Timestamp = T0 }, new EventRaisedEvent { Timestamp = T0, Name = marker }, new OrchestratorCompletedEvent { Timestamp = T0 }];
}
