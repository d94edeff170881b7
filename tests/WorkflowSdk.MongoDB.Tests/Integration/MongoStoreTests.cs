using MongoDB.Bson;
using MongoDB.Driver;
using WorkflowSdk.Backends;
using WorkflowSdk.Conformance;
using WorkflowSdk.History;
using WorkflowSdk.MongoDB.Internal.Documents;
using WorkflowSdk.MongoDB.Internal.Protocol;
using static WorkflowSdk.MongoDB.Tests.Integration.MongoBackendProvider;

namespace WorkflowSdk.MongoDB.Tests.Integration;

/// <summary>
/// What only a real server can show: indexes created idempotently, the commit protocol's crash points reproduced
/// with the store's own commands, recovery, the 16 MiB limit, and quarantine of an undecodable outbox entry.
/// </summary>
[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoStoreTests : IAsyncLifetime
{
    private static readonly DateTime T0 = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
    private readonly MongoBackendProvider _provider = new();
    private MongoDBStore _store = null!;

    public async Task InitializeAsync()
    {
        // Recovery is run explicitly by these tests, with a clock of their choosing.
        var options = _provider.StoreOptions();
        options.OutboxRecoveryDelay = TimeSpan.FromMinutes(1);
        _store = _provider.CreateStore(options);
        await _store.InitializeAsync(default);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _provider.CleanupAsync();
    }

    [ConformanceFact]
    public async Task Initialization_is_idempotent_and_creates_every_index()
    {
        await _store.InitializeAsync(default);

        Assert.Equal(["_id_", "createdAt", "name_createdAt", "status_createdAt"], await IndexNamesAsync("instances"));
        Assert.Equal(["_id_", "instance_execution_revision"], await IndexNamesAsync("history"));
        Assert.Equal(["_id_", "messageInstanceId", "pending_commitId", "pending_writtenAt", "state_visibleAt"], await IndexNamesAsync("outbox"));
        Assert.Equal(["_id_", "instanceId"], await IndexNamesAsync("deadLetters"));
    }

    [ConformanceFact]
    public async Task A_commit_interrupted_after_its_compare_and_set_is_readable_at_once_and_its_messages_are_recovered()
    {
        await CreateAsync("a");
        var head = await HeadAsync("a");
        var plan = CommitProtocol.Plan(Commit("a", 1, "two", Message("m1")), head, "crashed", DateTime.UtcNow, 4 * 1024 * 1024, transactional: false);

        await Collection("history").InsertManyAsync(plan.Chunks);
        await Collection("outbox").InsertManyAsync(plan.Outbox.Select(e => e.ToBson()));
        Assert.Equal(1, (await Collection("instances").UpdateOneAsync(plan.CompareAndSetFilter, plan.CompareAndSetUpdate)).ModifiedCount);
        // ... and the writer dies here.

        var history = await _store.LoadHistoryAsync("a", default);
        Assert.Equal(["two"], history.Events.OfType<EventRaisedEvent>().Select(e => e.Name));
        Assert.Empty(await ClaimAllAsync());

        var (marked, _) = await _store.RecoverOutboxAsync(DateTime.UtcNow.AddMinutes(2), default);

        Assert.Equal(1, marked);
        Assert.Equal(["m1"], (await ClaimAllAsync()).Select(e => e.Message.MessageId));
        Assert.DoesNotContain("crashed", (await HeadAsync("a"))!.OutboxCommits);
    }

    [ConformanceFact]
    public async Task A_commit_interrupted_before_its_compare_and_set_is_never_read_nor_published()
    {
        await CreateAsync("a");
        var stale = CommitProtocol.Plan(Commit("a", 1, "lost", Message("lost")), await HeadAsync("a"), "crashed", DateTime.UtcNow, 4 * 1024 * 1024, transactional: false);
        await Collection("history").InsertManyAsync(stale.Chunks);
        await Collection("outbox").InsertManyAsync(stale.Outbox.Select(e => e.ToBson()));

        var won = await _store.CommitEpisodeAsync(Commit("a", 1, "won", Message("won")), default);
        var (_, discarded) = await _store.RecoverOutboxAsync(DateTime.UtcNow.AddMinutes(2), default);
        var history = await _store.LoadHistoryAsync("a", default);

        Assert.True(won.Succeeded);
        Assert.Equal(1, discarded);
        Assert.Equal(["won"], history.Events.OfType<EventRaisedEvent>().Select(e => e.Name));
        Assert.DoesNotContain("lost", (await ClaimAllAsync()).Select(e => e.Message.MessageId));
        Assert.Equal(0, await Collection("history").CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("commitId", "crashed")));
    }

    [ConformanceFact]
    public async Task Purging_a_finished_instance_whose_last_messages_are_still_pending_publishes_them_and_drops_only_messages_addressed_to_it()
    {
        await CreateAsync("child");
        var toParent = Message("to-parent");
        var leftoverTimer = new WorkMessage
        {
            MessageId = "timer", InstanceId = "child", VisibleAtUtc = DateTime.UtcNow.AddHours(1),
            Event = new TimerFiredEvent { Timestamp = T0, TaskId = 0, FireAt = T0 },
        };
        var last = new EpisodeCommit
        {
            Instance = Record("child") with { Status = OrchestrationRuntimeStatus.Completed },
            ExpectedRevision = 1,
            NewEvents = HistorySamples.Episode("done"),
            Outbox = [toParent, leftoverTimer],
        };
        var plan = CommitProtocol.Plan(last, await HeadAsync("child"), "final", DateTime.UtcNow, 4 * 1024 * 1024, transactional: false);
        await Collection("history").InsertManyAsync(plan.Chunks);
        await Collection("outbox").InsertManyAsync(plan.Outbox.Select(e => e.ToBson()));
        await Collection("instances").UpdateOneAsync(plan.CompareAndSetFilter, plan.CompareAndSetUpdate);
        // ... the writer dies before marking its entries ready, and the instance is purged at once.

        Assert.Equal(1, await _store.PurgeInstanceAsync("child", default));

        Assert.Equal(["to-parent"], (await ClaimAllAsync()).Select(e => e.Message.MessageId));
        Assert.Equal(0, await Collection("outbox").CountDocumentsAsync(Builders<BsonDocument>.Filter.Empty));
        Assert.Null(await _store.GetInstanceAsync("child", default));
    }

    [ConformanceFact]
    public async Task A_lost_race_leaves_nothing_behind()
    {
        await CreateAsync("a");
        Assert.True((await _store.CommitEpisodeAsync(Commit("a", 1, "first"), default)).Succeeded);

        var stale = await _store.CommitEpisodeAsync(Commit("a", 1, "stale", Message("stale")), default);

        Assert.False(stale.Succeeded);
        Assert.Equal(1, await Collection("history").CountDocumentsAsync(Builders<BsonDocument>.Filter.Empty));
        Assert.Equal(0, await Collection("outbox").CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("message.messageId", "stale")));
    }

    [ConformanceFact]
    public async Task An_episode_larger_than_16_MiB_is_split_and_a_single_oversized_event_is_rejected_without_writing()
    {
        await CreateAsync("a");
        var events = Enumerable.Range(0, 6).Select(i => (HistoryEvent)new EventRaisedEvent { Timestamp = T0, Name = $"e{i}", Input = new byte[4_000_000] }).ToList();

        var big = await _store.CommitEpisodeAsync(new EpisodeCommit { Instance = Record("a"), ExpectedRevision = 1, NewEvents = events, Outbox = [] }, default);
        var tooBig = await Assert.ThrowsAsync<DocumentTooLargeException>(() => _store.CommitEpisodeAsync(
            new EpisodeCommit { Instance = Record("a"), ExpectedRevision = 2, NewEvents = [new EventRaisedEvent { Name = "x", Input = new byte[17_000_000] }], Outbox = [] },
            default));

        Assert.True(big.Succeeded);
        Assert.True(await Collection("history").CountDocumentsAsync(Builders<BsonDocument>.Filter.Empty) >= 6);
        Assert.Equal(events.Select(e => ((EventRaisedEvent)e).Name), (await _store.LoadHistoryAsync("a", default)).Events.OfType<EventRaisedEvent>().Select(e => e.Name));
        Assert.Contains("16 MiB", tooBig.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await _store.GetInstanceAsync("a", default))!.Revision);
    }

    [ConformanceFact]
    public async Task An_undecodable_outbox_entry_is_dead_lettered_and_replaced_by_a_message_failing_its_instance()
    {
        await Collection("outbox").InsertOneAsync(BsonDocument.Parse(
            """
            { "_id" : "bad:0", "instanceId" : "a", "revision" : NumberLong(1), "commitId" : "bad", "state" : "ready",
              "writtenAt" : ISODate("2000-01-01T00:00:00Z"), "visibleAt" : ISODate("2000-01-01T00:00:00Z"),
              "message" : { "messageId" : "m", "instanceId" : "target", "event" : { "type" : "NoSuchEvent" } } }
            """));

        var first = await ClaimAllAsync();
        var second = await ClaimAllAsync();

        Assert.Empty(first);
        var poison = Assert.Single(second);
        Assert.Equal("target", poison.Message.InstanceId);
        var failed = Assert.IsType<ExecutionFailedEvent>(poison.Message.Event);
        Assert.Contains("Outbox entry 'bad:0' could not be decoded", failed.FailureDetails.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Collection("deadLetters").CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("_id", "bad:0")));
    }

    [ConformanceFact]
    public async Task Leftover_chunks_found_by_a_reader_are_removed()
    {
        await CreateAsync("a");
        var stale = CommitProtocol.Plan(Commit("a", 1, "lost"), await HeadAsync("a"), "crashed", DateTime.UtcNow, 4 * 1024 * 1024, transactional: false);
        await Collection("history").InsertManyAsync(stale.Chunks);
        Assert.True((await _store.CommitEpisodeAsync(Commit("a", 1, "won"), default)).Succeeded);

        Assert.Equal(["won"], (await _store.LoadHistoryAsync("a", default)).Events.OfType<EventRaisedEvent>().Select(e => e.Name));
        Assert.Equal(0, await Collection("history").CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("commitId", "crashed")));
    }

    private IMongoCollection<BsonDocument> Collection(string name) => _store.Database.GetCollection<BsonDocument>($"{_store.HubName}.{name}");

    private async Task<List<string>> IndexNamesAsync(string collection) =>
        (await (await Collection(collection).Indexes.ListAsync()).ToListAsync()).Select(i => i["name"].AsString).Order(StringComparer.Ordinal).ToList();

    private async Task<InstanceHead?> HeadAsync(string id)
    {
        var document = await Collection("instances").Find(MongoCommands.InstanceById(id)).FirstOrDefaultAsync();
        return document is null ? null : InstanceHead.Of(InstanceDocument.FromBson(document));
    }

    private async Task<IReadOnlyList<OutboxEntry>> ClaimAllAsync()
    {
        var entries = await _store.ClaimDueOutboxAsync(100, TimeSpan.FromMinutes(5), default);
        await _store.DeleteOutboxAsync(entries, default);
        return entries;
    }

    private async Task CreateAsync(string id)
    {
        await _store.CreateInstanceAsync(Record(id), new WorkMessage
        {
            MessageId = WorkMessage.NewId(),
            InstanceId = id,
            Event = new ExecutionStartedEvent { Name = "Flow", ExecutionId = $"exec-{id}" },
        }, reuseFinished: true, outboxClaimDuration: null, default);
        await ClaimAllAsync();
    }

    private static InstanceRecord Record(string id) => new()
    {
        InstanceId = id,
        Name = "Flow",
        ExecutionId = $"exec-{id}",
        Status = OrchestrationRuntimeStatus.Running,
        CreatedAt = T0,
        LastUpdatedAt = T0,
    };

    private static EpisodeCommit Commit(string id, long expected, string marker, params WorkMessage[] outbox) => new()
    {
        Instance = Record(id),
        ExpectedRevision = expected,
        NewEvents = HistorySamples.Episode(marker),
        Outbox = outbox,
    };

    private static WorkMessage Message(string id) => new() { MessageId = id, InstanceId = "elsewhere", Event = new EventRaisedEvent { Timestamp = T0, Name = id } };
}
