using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.MongoDB.Internal.Documents;
using WorkflowSdk.Testing;

namespace WorkflowSdk.MongoDB.Tests.Bson;

public sealed class DocumentBsonTests
{
    private static readonly DateTime T0 = HistorySamples.T0;

    public static InstanceRecord FullRecord => new()
    {
        InstanceId = "order-42",
        Name = "Checkout",
        Version = "2",
        ExecutionId = "exec-1",
        Status = OrchestrationRuntimeStatus.Failed,
        CreatedAt = T0,
        LastUpdatedAt = T0.AddSeconds(5),
        CompletedAt = T0.AddSeconds(5),
        Input = [1],
        Output = [2],
        CustomStatus = [3],
        Failure = new FailureDetails("E", "boom", "stack", new FailureDetails("I", "inner")),
        ParentInstanceId = "parent",
        Revision = 7,
    };

    public static InstanceRecord MinimalRecord => new()
    {
        InstanceId = "a",
        Name = "Flow",
        ExecutionId = "x",
        Status = OrchestrationRuntimeStatus.Pending,
        CreatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        LastUpdatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        Revision = 1,
    };

    [Fact]
    public void Instance_documents_round_trip_through_the_driver_serializer_for_every_status()
    {
        foreach (var status in Enum.GetValues<OrchestrationRuntimeStatus>())
        {
            foreach (var record in new[] { FullRecord, MinimalRecord })
            {
                var original = new InstanceDocument(record with { Status = status }, status == OrchestrationRuntimeStatus.Pending ? null : "c1", ["c2", "c3"]);

                var decoded = RoundTrip(original, InstanceDocumentSerializer.Instance);

                Assert.Equal(Describe(original.Record), Describe(decoded.Record));
                Assert.Equal(original.HistoryHead, decoded.HistoryHead);
                Assert.Equal(original.OutboxCommits, decoded.OutboxCommits);
            }
        }
    }

    [Fact]
    public void A_minimal_instance_document_has_only_the_fields_that_are_set()
    {
        var document = new InstanceDocument(MinimalRecord, null, []).ToBson();

        BsonAssert.Equal(
            """
            { "_id" : "a", "name" : "Flow", "executionId" : "x", "status" : "Pending",
              "createdAt" : ISODate("2026-01-01T00:00:00Z"), "updatedAt" : ISODate("2026-01-01T00:00:00Z"),
              "revision" : NumberLong(1) }
            """,
            document);
    }

    [Fact]
    public void A_full_instance_document_is_readable()
    {
        var document = new InstanceDocument(FullRecord, "c9", ["c9"]).ToBson();

        BsonAssert.Equal(
            """
            { "_id" : "order-42", "name" : "Checkout", "version" : "2", "executionId" : "exec-1", "status" : "Failed",
              "createdAt" : ISODate("2026-11-23T12:00:00.123Z"), "createdAtTicks" : 4567,
              "updatedAt" : ISODate("2026-11-23T12:00:05.123Z"), "updatedAtTicks" : 4567,
              "completedAt" : ISODate("2026-11-23T12:00:05.123Z"), "completedAtTicks" : 4567,
              "input" : BinData(0, "AQ=="), "output" : BinData(0, "Ag=="), "customStatus" : BinData(0, "Aw=="),
              "failure" : { "errorType" : "E", "message" : "boom", "stackTrace" : "stack", "inner" : { "errorType" : "I", "message" : "inner" } },
              "parentInstanceId" : "parent", "revision" : NumberLong(7), "historyHead" : "c9", "outboxCommits" : ["c9"] }
            """,
            document);
    }

    [Theory]
    [InlineData("Unknown")]
    [InlineData("2")]
    public void An_instance_document_with_an_unknown_status_is_rejected(string status)
    {
        var document = new InstanceDocument(MinimalRecord, null, []).ToBson();
        document["status"] = status;

        var error = Assert.Throws<InvalidDataException>(() => InstanceDocument.FromBson(document));
        Assert.Contains($"Unknown instance status '{status}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunk_documents_round_trip_with_all_event_types()
    {
        var original = new ChunkDocument(new ChunkHeader("c1:0", "i", "x", 5, 0, 2, "c1", "c0"), HistoryEventSamples.All);
        var first = new ChunkDocument(new ChunkHeader("c0:0", "i", "x", 1, 0, 1, "c0", null), HistorySamples.Episode("e"));

        foreach (var chunk in new[] { original, first })
        {
            var decoded = RoundTrip(chunk, ChunkDocumentSerializer.Instance);

            Assert.Equal(chunk.Header, decoded.Header);
            Assert.Equal(HistorySamples.Canonical(chunk.Events), HistorySamples.Canonical(decoded.Events));
        }
    }

    [Fact]
    public void A_chunk_document_names_its_commit_revision_part_and_predecessor()
    {
        var chunk = new ChunkDocument(new ChunkHeader("c1:1", "i", "x", 5, 1, 2, "c1", "c0"), [new OrchestratorCompletedEvent { Timestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) }]);

        BsonAssert.Equal(
            """
            { "_id" : "c1:1", "instanceId" : "i", "executionId" : "x", "revision" : NumberLong(5), "part" : 1, "parts" : 2,
              "commitId" : "c1", "previousCommitId" : "c0",
              "events" : [{ "type" : "OrchestratorCompleted", "ts" : ISODate("2026-01-01T00:00:00Z") }] }
            """,
            chunk.ToBson());
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(-1, 2)]
    [InlineData(0, 0)]
    public void A_chunk_header_with_an_impossible_part_is_rejected(int part, int parts)
    {
        var document = ChunkDocument.HeaderToBson(new ChunkHeader("c:0", "i", "x", 1, part, parts, "c", null));

        Assert.Throws<InvalidDataException>(() => ChunkDocument.HeaderFromBson(document));
    }

    [Fact]
    public void Outbox_documents_round_trip_in_both_states()
    {
        var message = new WorkMessage
        {
            MessageId = "m", InstanceId = "target", ExecutionId = "x", TraceParent = "tp",
            Event = new TaskScheduledEvent { Timestamp = T0, TaskId = 1, Name = "Charge", Input = [1] },
        };
        var pending = new OutboxDocument("c1:0", "caller", 4, "c1", OutboxState.Pending, T0, T0.AddSeconds(30), null, message);
        var claimed = pending with { State = OutboxState.Ready, Claim = "token", VisibleAt = T0.AddMinutes(1) };

        foreach (var original in new[] { pending, claimed })
        {
            var decoded = RoundTrip(original, OutboxDocumentSerializer.Instance);

            Assert.Equal(original with { Message = null! }, decoded with { Message = null! });
            Assert.Equal(HistorySamples.Canonical(original.Message), HistorySamples.Canonical(decoded.Message));
        }
    }

    [Fact]
    public void An_outbox_document_is_readable()
    {
        var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var entry = new OutboxDocument("c1:0", "caller", 4, "c1", OutboxState.Pending, at, at.AddSeconds(30), null,
            new WorkMessage { MessageId = "m", InstanceId = "target", Event = new EventRaisedEvent { Timestamp = at, Name = "go" } });

        BsonAssert.Equal(
            """
            { "_id" : "c1:0", "instanceId" : "caller", "revision" : NumberLong(4), "commitId" : "c1", "state" : "pending",
              "writtenAt" : ISODate("2026-01-01T00:00:00Z"), "visibleAt" : ISODate("2026-01-01T00:00:30Z"),
              "message" : { "messageId" : "m", "instanceId" : "target",
                            "event" : { "type" : "EventRaised", "ts" : ISODate("2026-01-01T00:00:00Z"), "name" : "go" } } }
            """,
            entry.ToBson());
    }

    [Fact]
    public void An_outbox_document_in_an_unknown_state_is_rejected()
    {
        var document = new OutboxDocument("c1:0", "i", 1, "c1", OutboxState.Ready, T0, T0, null,
            new WorkMessage { MessageId = "m", InstanceId = "i", Event = new EventRaisedEvent { Name = "e" } }).ToBson();
        document["state"] = "sent";

        var error = Assert.Throws<InvalidDataException>(() => OutboxDocument.FromBson(document));
        Assert.Contains("Unknown outbox state 'sent'", error.Message, StringComparison.Ordinal);
    }

    private static T RoundTrip<T>(T value, IBsonSerializer<T> serializer)
    {
        var bytes = value.ToBson(serializer);
        using var reader = new BsonBinaryReader(new MemoryStream(bytes));
        return serializer.Deserialize(BsonDeserializationContext.CreateRoot(reader));
    }

    private static string Describe(InstanceRecord r) =>
        $"{r.InstanceId}|{r.Name}|{r.Version}|{r.ExecutionId}|{r.Status}|{r.CreatedAt.Ticks}|{r.CreatedAt.Kind}|{r.LastUpdatedAt.Ticks}|{r.CompletedAt?.Ticks}|" +
        $"{Hex(r.Input)}|{Hex(r.Output)}|{Hex(r.CustomStatus)}|{r.Failure}|{r.Failure?.StackTrace}|{r.ParentInstanceId}|{r.Revision}";

    private static string Hex(byte[]? bytes) => bytes is null ? "null" : Convert.ToHexString(bytes);
}
