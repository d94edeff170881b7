using MongoDB.Bson;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;
using WorkflowSdk.Backends;
using WorkflowSdk.MongoDB.Internal.Protocol;
using WorkflowSdk.MongoDB.Tests.Bson;

namespace WorkflowSdk.MongoDB.Tests.Protocol;

/// <summary>
/// The commands the store sends, rendered by the driver exactly as it would put them on the wire and compared with
/// the BSON the commit protocol (docs/mongodb.md) specifies.
/// </summary>
public sealed class RenderedCommandTests
{
    private static readonly DateTime Now = new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc).AddTicks(5);

    [Fact]
    public void The_compare_and_set_filter_is_the_instance_at_the_revision_read()
    {
        BsonAssert.Equal("""{ "_id" : "order-42", "revision" : NumberLong(6) }""", BsonAssert.Render(MongoCommands.InstanceAtRevision("order-42", 6)));
    }

    [Fact]
    public void The_compare_and_set_update_rewrites_the_record_sets_the_revision_moves_the_head_and_records_the_outbox_commit()
    {
        var update = MongoCommands.Advance(DocumentBsonTests.FullRecord, 8, HeadChange.Set, "c8", outboxCommit: "c8");

        BsonAssert.Equal(
            """
            { "$set" : { "name" : "Checkout", "version" : "2", "executionId" : "exec-1", "status" : "Failed",
                         "createdAt" : ISODate("2026-11-23T12:00:00.123Z"), "createdAtTicks" : 4567,
                         "updatedAt" : ISODate("2026-11-23T12:00:05.123Z"), "updatedAtTicks" : 4567,
                         "completedAt" : ISODate("2026-11-23T12:00:05.123Z"), "completedAtTicks" : 4567,
                         "input" : BinData(0, "AQ=="), "output" : BinData(0, "Ag=="), "customStatus" : BinData(0, "Aw=="),
                         "failure" : { "errorType" : "E", "message" : "boom", "stackTrace" : "stack", "inner" : { "errorType" : "I", "message" : "inner" } },
                         "parentInstanceId" : "parent", "revision" : NumberLong(8), "historyHead" : "c8" },
              "$push" : { "outboxCommits" : "c8" } }
            """,
            BsonAssert.Render(update));
    }

    [Fact]
    public void The_compare_and_set_update_removes_fields_that_are_now_absent_and_can_clear_or_keep_the_head()
    {
        var cleared = MongoCommands.Advance(DocumentBsonTests.MinimalRecord, 2, HeadChange.Clear, "c2", outboxCommit: null);
        var kept = MongoCommands.Advance(DocumentBsonTests.MinimalRecord, 2, HeadChange.Keep, "c2", outboxCommit: null);

        const string Common =
            """
            "$set" : { "name" : "Flow", "executionId" : "x", "status" : "Pending",
                       "createdAt" : ISODate("2026-01-01T00:00:00Z"), "updatedAt" : ISODate("2026-01-01T00:00:00Z"), "revision" : NumberLong(2) }
            """;
        const string Unset =
            """
            "version" : 1, "createdAtTicks" : 1, "updatedAtTicks" : 1, "completedAt" : 1, "completedAtTicks" : 1,
            "input" : 1, "output" : 1, "customStatus" : 1, "failure" : 1, "parentInstanceId" : 1
            """;
        BsonAssert.Equal($$"""{ {{Common}}, "$unset" : { {{Unset}}, "historyHead" : 1 } }""", BsonAssert.Render(cleared));
        BsonAssert.Equal($$"""{ {{Common}}, "$unset" : { {{Unset}} } }""", BsonAssert.Render(kept));
    }

    [Fact]
    public void Forgetting_outbox_commits_pulls_them_from_the_instance()
    {
        BsonAssert.Equal("""{ "$pullAll" : { "outboxCommits" : ["c1", "c2"] } }""", BsonAssert.Render(MongoCommands.ForgetOutboxCommits(["c1", "c2"])));
    }

    [Fact]
    public void Purge_deletes_the_instance_document_only_when_finished_and_unchanged_then_the_messages_addressed_to_it()
    {
        BsonAssert.Equal(
            """{ "_id" : "a", "revision" : NumberLong(4), "status" : { "$in" : ["Completed", "Failed", "Terminated"] } }""",
            BsonAssert.Render(MongoCommands.FinishedInstanceAtRevision("a", 4)));
        BsonAssert.Equal("""{ "message.instanceId" : "a" }""", BsonAssert.Render(MongoCommands.EntriesForInstance("a")));
    }

    [Fact]
    public void The_list_query_combines_every_filter_and_continues_after_the_last_instance()
    {
        var query = new InstanceQuery
        {
            Statuses = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running],
            Name = "Checkout",
            InstanceIdPrefix = "order.1+(x)",
            CreatedFrom = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            CreatedTo = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(15_000),
        };

        var filter = MongoCommands.ListInstances(query, (new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc), "order.17"));

        BsonAssert.Equal(
            """
            { "status" : { "$in" : ["Pending", "Running"] },
              "name" : "Checkout",
              "_id" : /^order\.1\+\(x\)/,
              "createdAt" : { "$gte" : ISODate("2026-01-01T00:00:00Z"), "$lt" : ISODate("2026-02-01T00:00:00.001Z") },
              "$or" : [ { "createdAt" : { "$gt" : ISODate("2026-01-05T00:00:00Z") } },
                        { "createdAt" : ISODate("2026-01-05T00:00:00Z"), "_id" : { "$gt" : "order.17" } } ] }
            """,
            BsonAssert.Render(filter));
        BsonAssert.Equal("""{ "createdAt" : 1, "_id" : 1 }""", BsonAssert.Render(MongoCommands.ListOrder));
        BsonAssert.Equal("{ }", BsonAssert.Render(MongoCommands.ListInstances(new InstanceQuery(), null)));
    }

    [Theory]
    [InlineData("order-", @"order\-")]
    [InlineData("a.b*c?[d]{e}|f^g$h\\i", @"a\.b\*c\?\[d\]\{e\}\|f\^g\$h\\i")]
    [InlineData("über/ünter 1", @"über\/ünter\ 1")]
    public void Instance_id_prefixes_are_matched_literally(string prefix, string pattern)
    {
        Assert.Equal(pattern, MongoCommands.EscapeRegex(prefix));
        var regex = new System.Text.RegularExpressions.Regex("^" + pattern);
        Assert.Matches(regex, prefix + "tail");
    }

    [Fact]
    public void Readers_query_the_executions_chunks_at_or_below_the_committed_revision_in_order()
    {
        BsonAssert.Equal(
            """{ "instanceId" : "a", "executionId" : "x", "revision" : { "$lte" : NumberLong(9) } }""",
            BsonAssert.Render(MongoCommands.ChunksOfExecution("a", "x", 9)));
        BsonAssert.Equal("""{ "revision" : 1, "part" : 1 }""", BsonAssert.Render(MongoCommands.ChunkOrder));
    }

    [Fact]
    public void Chunk_cleanups_never_reach_above_what_is_known_to_be_dead()
    {
        BsonAssert.Equal("""{ "instanceId" : "a", "commitId" : "c" }""", BsonAssert.Render(MongoCommands.ChunksOfCommit("a", "c")));
        BsonAssert.Equal(
            """{ "instanceId" : "a", "commitId" : { "$in" : ["g1", "g2"] }, "revision" : { "$lte" : NumberLong(9) } }""",
            BsonAssert.Render(MongoCommands.GarbageChunks("a", ["g1", "g2"], 9)));
        BsonAssert.Equal("""{ "instanceId" : "a", "executionId" : { "$ne" : "x" } }""", BsonAssert.Render(MongoCommands.ChunksOfOtherExecutions("a", "x")));
        BsonAssert.Equal("""{ "instanceId" : "a" }""", BsonAssert.Render(MongoCommands.ChunksOfInstance("a")));
    }

    [Fact]
    public void Marking_entries_ready_touches_pending_entries_only()
    {
        BsonAssert.Equal("""{ "_id" : { "$in" : ["c:0", "c:1"] }, "state" : "pending" }""", BsonAssert.Render(MongoCommands.PendingEntries(["c:0", "c:1"])));
        BsonAssert.Equal("""{ "commitId" : { "$in" : ["c1", "c2"] }, "state" : "pending" }""", BsonAssert.Render(MongoCommands.PendingEntriesOfCommits(["c1", "c2"])));
        BsonAssert.Equal("""{ "commitId" : { "$in" : ["c"] }, "state" : "pending" }""", BsonAssert.Render(MongoCommands.PendingEntriesOfCommit("c")));
        BsonAssert.Equal("""{ "$set" : { "state" : "ready" } }""", BsonAssert.Render(MongoCommands.MarkReady));
    }

    [Fact]
    public void A_relay_claims_only_ready_due_entries_and_hides_them_under_its_token_until_the_lease_ends()
    {
        BsonAssert.Equal(
            """{ "state" : "ready", "visibleAt" : { "$lte" : ISODate("2026-11-23T12:00:00Z") } }""",
            BsonAssert.Render(MongoCommands.DueEntries(Now)));
        BsonAssert.Equal("""{ "visibleAt" : 1, "_id" : 1 }""", BsonAssert.Render(MongoCommands.DueOrder));
        BsonAssert.Equal(
            """{ "_id" : { "$in" : ["c:0"] }, "state" : "ready", "visibleAt" : { "$lte" : ISODate("2026-11-23T12:00:00Z") } }""",
            BsonAssert.Render(MongoCommands.Claimable(["c:0"], Now)));
        BsonAssert.Equal(
            """{ "$set" : { "visibleAt" : ISODate("2026-11-23T12:00:30Z"), "visibleAtTicks" : 5, "claim" : "t" } }""",
            BsonAssert.Render(MongoCommands.Claim("t", Now.AddSeconds(30))));
        BsonAssert.Equal(
            """{ "$set" : { "visibleAt" : ISODate("2026-11-23T12:00:30Z"), "claim" : "t" }, "$unset" : { "visibleAtTicks" : 1 } }""",
            BsonAssert.Render(MongoCommands.Claim("t", Now.AddTicks(-5).AddSeconds(30))));
        BsonAssert.Equal("""{ "_id" : { "$in" : ["c:0"] }, "claim" : "t" }""", BsonAssert.Render(MongoCommands.ClaimedBy(["c:0"], "t")));
        BsonAssert.Equal("""{ "state" : "ready" }""", BsonAssert.Render(MongoCommands.ReadyEntries));
    }

    [Fact]
    public void Recovery_groups_old_pending_entries_by_commit()
    {
        BsonAssert.Equal(
            """
            [ { "$match" : { "state" : "pending", "writtenAt" : { "$lte" : ISODate("2026-11-23T12:00:00Z") } } },
              { "$group" : { "_id" : "$commitId", "instanceId" : { "$first" : "$instanceId" }, "revision" : { "$first" : "$revision" },
                             "writtenAt" : { "$min" : "$writtenAt" } } },
              { "$sort" : { "writtenAt" : 1, "_id" : 1 } },
              { "$limit" : NumberLong(256) } ]
            """,
            BsonAssert.Render(MongoCommands.StalePendingCommits(Now, 256)));
    }

    [Fact]
    public void The_instance_list_filters_by_completion_time_and_parent()
    {
        var query = new InstanceQuery
        {
            Statuses = [OrchestrationRuntimeStatus.Completed],
            CompletedFrom = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            CompletedTo = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc),
            ParentInstanceId = "order.1",
        };

        BsonAssert.Equal(
            """
            { "status" : { "$in" : ["Completed"] },
              "completedAt" : { "$gte" : ISODate("2026-01-01T00:00:00Z"), "$lt" : ISODate("2026-02-01T00:00:00Z") },
              "parentInstanceId" : "order.1" }
            """,
            BsonAssert.Render(MongoCommands.ListInstances(query, null)));
    }

    [Fact]
    public void The_indexes_serve_status_name_and_time_queries_history_by_instance_and_the_outbox_by_state()
    {
        Assert.Equal(
            [
                """status_createdAt { "status" : 1, "createdAt" : 1, "_id" : 1 }""",
                """name_createdAt { "name" : 1, "createdAt" : 1, "_id" : 1 }""",
                """createdAt { "createdAt" : 1, "_id" : 1 }""",
                """parent_createdAt { "parentInstanceId" : 1, "createdAt" : 1, "_id" : 1 }""",
            ],
            Describe(MongoCommands.InstanceIndexes));
        Assert.Equal(
            ["""instance_execution_revision { "instanceId" : 1, "executionId" : 1, "revision" : 1, "part" : 1 }"""],
            Describe(MongoCommands.HistoryIndexes));
        Assert.Equal(
            [
                """state_visibleAt { "state" : 1, "visibleAt" : 1, "_id" : 1 }""",
                """messageInstanceId { "message.instanceId" : 1 }""",
                """pending_writtenAt { "writtenAt" : 1 } where { "state" : "pending" }""",
                """pending_commitId { "commitId" : 1 } where { "state" : "pending" }""",
            ],
            Describe(MongoCommands.OutboxIndexes));
        Assert.Equal(["""instanceId { "instanceId" : 1 }"""], Describe(MongoCommands.DeadLetterIndexes));
    }

    [Fact]
    public void Every_query_the_store_sends_is_served_by_an_index_prefix()
    {
        // The leading key of each query's filter must lead an index of its collection.
        var instanceLeads = MongoCommands.InstanceIndexes.Select(i => FirstKey(BsonAssert.Render(i.Keys))).Append("_id").ToHashSet();
        var historyLeads = MongoCommands.HistoryIndexes.Select(i => FirstKey(BsonAssert.Render(i.Keys))).ToHashSet();
        var outboxLeads = MongoCommands.OutboxIndexes.Select(i => FirstKey(BsonAssert.Render(i.Keys))).Append("_id").ToHashSet();

        Assert.Contains(FirstKey(BsonAssert.Render(MongoCommands.ListInstances(new InstanceQuery { Name = "n" }, null))), instanceLeads);
        Assert.Contains(FirstKey(BsonAssert.Render(MongoCommands.ListInstances(new InstanceQuery { Statuses = [OrchestrationRuntimeStatus.Running] }, null))), instanceLeads);
        Assert.Contains(FirstKey(BsonAssert.Render(MongoCommands.ListInstances(new InstanceQuery { ParentInstanceId = "p" }, null))), instanceLeads);
        Assert.Contains(FirstKey(BsonAssert.Render(MongoCommands.ChunksOfExecution("a", "x", 1))), historyLeads);
        Assert.Contains(FirstKey(BsonAssert.Render(MongoCommands.ChunksOfCommit("a", "c"))), historyLeads);
        Assert.Contains(FirstKey(BsonAssert.Render(MongoCommands.DueEntries(Now))), outboxLeads);
        Assert.Contains(FirstKey(BsonAssert.Render(MongoCommands.PendingEntriesOfCommits(["c"]))), outboxLeads);
        Assert.Contains(FirstKey(BsonAssert.Render(MongoCommands.EntriesForInstance("a"))), outboxLeads);
    }

    private static string FirstKey(BsonDocument document) => document.GetElement(0).Name switch
    {
        "$and" => FirstKey(document["$and"][0].AsBsonDocument),
        var name => name,
    };

    private static List<string> Describe(IEnumerable<CreateIndexModel<BsonDocument>> indexes) =>
        indexes.Select(i =>
        {
            var options = (CreateIndexOptions<BsonDocument>)i.Options;
            var text = $"{options.Name} {BsonAssert.ToJson(BsonAssert.Render(i.Keys))}";
            return options.PartialFilterExpression is null ? text : $"{text} where {BsonAssert.ToJson(BsonAssert.Render(options.PartialFilterExpression))}";
        }).ToList();
}
