using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using WorkflowSdk.Backends;
using WorkflowSdk.History;

namespace WorkflowSdk.MongoDB.Internal.Bson;

/// <summary>The driver serializer of <see cref="HistoryEvent"/> (constructed explicitly; nothing is registered globally).</summary>
internal sealed class HistoryEventSerializer : SerializerBase<HistoryEvent>
{
    public static readonly HistoryEventSerializer Instance = new();

    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, HistoryEvent value) =>
        BsonDocumentSerializer.Instance.Serialize(context, EventBson.ToBson(value));

    public override HistoryEvent Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args) =>
        EventBson.FromBson(BsonDocumentSerializer.Instance.Deserialize(context));
}

/// <summary>The driver serializer of <see cref="WorkMessage"/> (constructed explicitly; nothing is registered globally).</summary>
internal sealed class WorkMessageSerializer : SerializerBase<WorkMessage>
{
    public static readonly WorkMessageSerializer Instance = new();

    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, WorkMessage value) =>
        BsonDocumentSerializer.Instance.Serialize(context, EventBson.ToBson(value));

    public override WorkMessage Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args) =>
        EventBson.MessageFromBson(BsonDocumentSerializer.Instance.Deserialize(context));
}

/// <summary>The driver serializer of <see cref="FailureDetails"/> (constructed explicitly; nothing is registered globally).</summary>
internal sealed class FailureDetailsSerializer : SerializerBase<FailureDetails>
{
    public static readonly FailureDetailsSerializer Instance = new();

    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, FailureDetails value) =>
        BsonDocumentSerializer.Instance.Serialize(context, EventBson.ToBson(value));

    public override FailureDetails Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args) =>
        EventBson.FailureFromBson(BsonDocumentSerializer.Instance.Deserialize(context));
}
