using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;

namespace WorkflowSdk.MongoDB.Tests;

/// <summary>Renders driver definitions to BSON and compares BSON exactly (types included: 3 is not NumberLong(3)).</summary>
internal static class BsonAssert
{
    private static readonly JsonWriterSettings Shell = new() { OutputMode = JsonOutputMode.Shell };

    private static RenderArgs<BsonDocument> Args => new(BsonDocumentSerializer.Instance, BsonSerializer.SerializerRegistry);

    public static BsonDocument Render(FilterDefinition<BsonDocument> filter) => filter.Render(Args);

    public static BsonValue Render(UpdateDefinition<BsonDocument> update) => update.Render(Args);

    public static BsonDocument Render(SortDefinition<BsonDocument> sort) => sort.Render(Args);

    public static BsonArray Render(PipelineDefinition<BsonDocument, BsonDocument> pipeline) => new(pipeline.Render(Args).Documents);

    public static BsonDocument Render(IndexKeysDefinition<BsonDocument> keys) => keys.Render(Args);

    /// <summary>Asserts that <paramref name="actual"/> is exactly the BSON written (in shell syntax) as <paramref name="expected"/>.</summary>
    public static void Equal(string expected, BsonValue actual)
    {
        var parsed = BsonSerializer.Deserialize<BsonValue>(expected);
        Assert.True(ToJson(parsed) == ToJson(actual), $"Expected:\n{ToJson(parsed)}\nActual:\n{ToJson(actual)}");
    }

    public static string ToJson(BsonValue value) => value.ToJson(Shell);
}
