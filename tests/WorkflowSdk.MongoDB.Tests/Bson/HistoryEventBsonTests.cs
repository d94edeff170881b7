using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.MongoDB.Internal.Bson;

namespace WorkflowSdk.MongoDB.Tests.Bson;

public sealed class HistoryEventBsonTests
{
    // Every event type's round trip (driver serializer and binary BSON, BsonDocument and its JSON form) is
    // History/HistoryEncodingTests, with the MessagePack and JSON forms and the one set of samples.

    [Fact]
    public void An_event_is_a_readable_document_tagged_by_its_type_name_with_absent_values_left_out()
    {
        var scheduled = new TaskScheduledEvent
        {
            Timestamp = HistorySamples.T0, TaskId = 3, Source = "Flow.cs:42 in Run", Name = "Charge", Input = [1, 2, 3],
        };

        BsonAssert.Equal(
            """
            { "type" : "TaskScheduled", "ts" : ISODate("2026-11-23T12:00:00.123Z"), "tsTicks" : 4567, "taskId" : 3,
              "source" : "Flow.cs:42 in Run", "name" : "Charge", "input" : BinData(0, "AQID") }
            """,
            EventBson.ToBson(scheduled));
        BsonAssert.Equal(
            """{ "type" : "OrchestratorStarted", "ts" : ISODate("2026-11-23T12:00:00Z") }""",
            EventBson.ToBson(new OrchestratorStartedEvent { Timestamp = new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc) }));
    }

    [Fact]
    public void A_failure_is_a_nested_document_keeping_the_whole_inner_chain()
    {
        var failed = new TaskFailedEvent
        {
            Timestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            TaskId = 1,
            FailureDetails = new FailureDetails("Outer", "o", "stack", new FailureDetails("Inner", "i", IsNonRetriable: true)),
        };

        BsonAssert.Equal(
            """
            { "type" : "TaskFailed", "ts" : ISODate("2026-01-01T00:00:00Z"), "taskId" : 1,
              "failure" : { "errorType" : "Outer", "message" : "o", "stackTrace" : "stack",
                            "inner" : { "errorType" : "Inner", "message" : "i", "nonRetriable" : true } } }
            """,
            EventBson.ToBson(failed));
    }

    [Fact]
    public void A_work_message_round_trips_with_its_event_and_delivery_time()
    {
        var message = new WorkMessage
        {
            MessageId = "m",
            InstanceId = "i",
            ExecutionId = "x",
            VisibleAtUtc = HistorySamples.T0,
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            Event = new TimerFiredEvent { Timestamp = HistorySamples.T0, TaskId = 2, FireAt = HistorySamples.T0 },
        };
        var minimal = new WorkMessage { MessageId = "m", InstanceId = "i", Event = new EventRaisedEvent { Name = "e" } };

        foreach (var original in new[] { message, minimal })
        {
            var bytes = original.ToBson(WorkMessageSerializer.Instance);
            using var reader = new BsonBinaryReader(new MemoryStream(bytes));
            var decoded = WorkMessageSerializer.Instance.Deserialize(BsonDeserializationContext.CreateRoot(reader));
            Assert.Equal(HistorySamples.Canonical(original), HistorySamples.Canonical(decoded));
        }
    }

    [Fact]
    public void Failure_details_round_trip_through_their_serializer()
    {
        var failure = new FailureDetails("A", "a", "s", new FailureDetails("B", "b", null, new FailureDetails("C", "c", IsNonRetriable: true)));

        var bytes = failure.ToBson(FailureDetailsSerializer.Instance);
        using var reader = new BsonBinaryReader(new MemoryStream(bytes));
        var decoded = FailureDetailsSerializer.Instance.Deserialize(BsonDeserializationContext.CreateRoot(reader));

        Assert.Equal(failure, decoded);
    }

    [Theory]
    [InlineData("""{ "type" : "NoSuchEvent", "ts" : ISODate("2026-01-01T00:00:00Z") }""", "Unknown history event type 'NoSuchEvent'")]
    [InlineData("""{ "type" : "10", "ts" : ISODate("2026-01-01T00:00:00Z") }""", "Unknown history event type '10'")]
    [InlineData("""{ "ts" : ISODate("2026-01-01T00:00:00Z") }""", "Required field 'type'")]
    [InlineData("""{ "type" : "TaskScheduled", "ts" : ISODate("2026-01-01T00:00:00Z"), "name" : "a" }""", "Required field 'taskId'")]
    [InlineData("""{ "type" : "TaskScheduled", "ts" : "yesterday", "taskId" : 1, "name" : "a" }""", "Field 'ts' is a BSON String; expected a date")]
    [InlineData("""{ "type" : "TaskCompleted", "ts" : ISODate("2026-01-01T00:00:00Z"), "taskId" : 1, "result" : "text" }""", "Field 'result' is a BSON String")]
    [InlineData("""{ "type" : "TaskCompleted", "ts" : ISODate("2026-01-01T00:00:00Z"), "tsTicks" : 10000, "taskId" : 1 }""", "Field 'tsTicks' must be between 0 and 9999")]
    [InlineData("""{ "type" : "TaskFailed", "ts" : ISODate("2026-01-01T00:00:00Z"), "taskId" : 1 }""", "Required field 'failure'")]
    [InlineData("""{ "type" : "TaskCompleted", "ts" : ISODate("2026-01-01T00:00:00Z"), "taskId" : 1, "result" : BinData(4, "AAAAAAAAAAAAAAAAAAAAAA==") }""", "binary data (subtype 0)")]
    public void Malformed_event_documents_are_rejected_with_a_message_naming_the_field(string json, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => EventBson.FromBson(BsonDocument.Parse(json)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_fields_are_ignored_so_later_versions_can_add_fields()
    {
        var document = BsonDocument.Parse("""{ "type" : "EventRaised", "ts" : ISODate("2026-01-01T00:00:00Z"), "name" : "e", "addedLater" : [1, 2] }""");

        var e = Assert.IsType<EventRaisedEvent>(EventBson.FromBson(document));

        Assert.Equal("e", e.Name);
    }

    [Fact]
    public void Failure_nesting_deeper_than_the_limit_is_rejected()
    {
        var failure = new BsonDocument { { "errorType", "E" }, { "message", "m" } };
        for (var i = 0; i < 40; i++)
        {
            failure = new BsonDocument { { "errorType", "E" }, { "message", "m" }, { "inner", failure } };
        }

        var error = Assert.Throws<InvalidDataException>(() => EventBson.FailureFromBson(failure));
        Assert.Contains("nested deeper than 32", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(9_999L)]
    [InlineData(621_355_967_999_999_999L)] // one tick before the epoch
    [InlineData(621_355_968_000_000_001L)]
    [InlineData(3_155_378_975_999_999_999L)] // DateTime.MaxValue
    public void Times_keep_their_sub_millisecond_ticks_on_both_sides_of_the_epoch(long ticks)
    {
        var time = new DateTime(ticks, DateTimeKind.Utc);
        var document = new BsonDocument();

        BsonFields.AddTime(document, "at", time);

        Assert.Equal(time, BsonFields.GetTime(document, "at"));
        Assert.Equal(DateTimeKind.Utc, BsonFields.GetTime(document, "at").Kind);
        Assert.Equal(ticks % 10_000 == 0, !document.Contains("atTicks"));
    }
}
