using System.Text.Json;
using System.Text.Json.Nodes;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.MongoDB.Internal.Bson;
using WorkflowSdk.Serialization;
using WorkflowSdk.Testing;

namespace WorkflowSdk.MongoDB.Tests.History;

/// <summary>
/// Every history event sample through every encoding: the MessagePack wire format (every store and transport), the
/// MongoDB store's BSON documents and the JSON view people read (<see cref="HistoryJson"/>). This project is the one
/// that sees all three; the samples are tests/WorkflowSdk.Tests/History/HistoryEventSamples.cs, linked here.
/// </summary>
public sealed class HistoryEncodingTests
{
    public static TheoryData<int> SampleIndexes => [.. Enumerable.Range(0, HistoryEventSamples.All.Count)];

    [Fact]
    public void The_samples_cover_every_event_type()
    {
        Assert.NotEmpty(HistoryEventSamples.EventTypes);
        Assert.Equal(HistoryEventSamples.EventTypes, HistoryEventSamples.Full.Select(e => e.GetType()).OrderBy(t => t.Name));
        Assert.Equal(HistoryEventSamples.EventTypes, HistoryEventSamples.Minimal.Select(e => e.GetType()).OrderBy(t => t.Name));
        Assert.Equal(Enum.GetValues<HistoryEventType>().Order(), HistoryEventSamples.Full.Select(e => e.EventType).Order());
    }

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void Every_event_round_trips_through_MessagePack_and_BSON_and_shows_every_field_in_the_JSON_view(int index)
    {
        var original = HistoryEventSamples.All[index];
        var expected = HistoryEventSamples.Describe(original);

        // MessagePack: a history chunk and a work message.
        Assert.Equal(expected, HistoryEventSamples.Describe(Assert.Single(WireFormat.DecodeEvents(WireFormat.EncodeEvents([original])))));
        var message = new WorkMessage { MessageId = "m", InstanceId = "i", Event = original };
        Assert.Equal(expected, HistoryEventSamples.Describe(WireFormat.DecodeMessage(WireFormat.EncodeMessage(message)).Event));

        // BSON: through the driver serializer and binary BSON, and through a BsonDocument and its extended JSON form.
        var bytes = original.ToBson(HistoryEventSerializer.Instance);
        using (var reader = new BsonBinaryReader(new MemoryStream(bytes)))
        {
            Assert.Equal(expected, HistoryEventSamples.Describe(HistoryEventSerializer.Instance.Deserialize(BsonDeserializationContext.CreateRoot(reader))));
        }

        var extendedJson = EventBson.ToBson(original).ToJson(new JsonWriterSettings { OutputMode = JsonOutputMode.CanonicalExtendedJson });
        Assert.Equal(expected, HistoryEventSamples.Describe(EventBson.FromBson(BsonDocument.Parse(extendedJson))));

        // The JSON view is one way (payloads are rendered by the codec): every field with a value appears, by name.
        // (An empty payload renders as no JSON text at all, which Utf8JsonWriter refuses: HistoryJson throws for it.)
        if (HistoryEventSamples.Fields(original).Fields.Any(f => f.Value is byte[] { Length: 0 }))
        {
            Assert.ThrowsAny<ArgumentException>(() => HistoryJson.Write([original], HistoryEventSamples.Codec));
            return;
        }

        var view = Assert.Single(JsonNode.Parse(HistoryJson.Write([original], HistoryEventSamples.Codec))!.AsArray())!.AsObject();
        var shown = ExpectedView(original);
        Assert.Equal(shown.Select(p => p.Key), view.Select(p => p.Key));
        Assert.All(shown, p => Assert.True(JsonNode.DeepEquals(p.Value, view[p.Key]), $"'{p.Key}' is shown as {view[p.Key]?.ToJsonString()}, expected {p.Value?.ToJsonString()}."));
    }

    // What the view must show, built from the event's properties in the schema's order (the source last).
    private static List<KeyValuePair<string, JsonNode?>> ExpectedView(HistoryEvent e)
    {
        var shown = new List<KeyValuePair<string, JsonNode?>> { new("type", e.EventType.ToString()), new("timestamp", Time(e.Timestamp)) };
        if (e.MessageId is not null)
        {
            shown.Add(new("messageId", e.MessageId));
        }

        var last = new List<KeyValuePair<string, JsonNode?>>();
        foreach (var (field, _, value) in HistoryEventSamples.Fields(e).Fields)
        {
            JsonNode? node = value switch
            {
                null => null,
                0 when field.OmitsZero => null,
                int number => number,
                string text => text,
                byte[] payload => Payload(payload),
                DateTime time => Time(time),
                FailureDetails failure => Failure(failure),
                ParentInstance parent => new JsonObject
                {
                    ["instanceId"] = parent.InstanceId, ["executionId"] = parent.ExecutionId, ["taskId"] = parent.TaskId, ["name"] = parent.Name,
                },
                _ => throw new InvalidOperationException($"No JSON form for {value.GetType()}."),
            };
            if (node is not null)
            {
                (field.IsShownLast ? last : shown).Add(new(field.Name, node));
            }
        }

        return [.. shown, .. last];
    }

    private static JsonNode Time(DateTime time) => JsonValue.Create(time)!;

    private static JsonNode? Payload(byte[] payload)
    {
        var json = HistoryEventSamples.Codec.ToJson(payload);
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static JsonObject Failure(FailureDetails failure)
    {
        var node = new JsonObject { ["errorType"] = failure.ErrorType, ["message"] = failure.Message };
        if (failure.StackTrace is not null)
        {
            node["stackTrace"] = failure.StackTrace;
        }

        if (failure.IsNonRetriable)
        {
            node["nonRetriable"] = true;
        }

        if (failure.BaseTypes.Count > 0)
        {
            node["baseTypes"] = new JsonArray([.. failure.BaseTypes.Select(n => JsonValue.Create(n))]);
        }

        if (failure.InnerFailure is { } inner)
        {
            node["inner"] = Failure(inner);
        }

        return node;
    }
}
