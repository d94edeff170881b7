using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.Generators.Aot;

/// <summary>
/// A payload serializer for trimmed and NativeAOT programs: System.Text.Json with source-generated metadata, so no
/// type is inspected by reflection at run time. Every payload type must be listed in the context
/// (<see cref="TripJsonContext"/>); several activity parameters travel as a value tuple, hence <c>IncludeFields</c>.
/// </summary>
/// <remarks>
/// The default MessagePack serializer is contractless: it builds formatters with Reflection.Emit at run time, which
/// NativeAOT cannot do.
/// </remarks>
public sealed class JsonPayloadSerializer(JsonSerializerContext context) : IPayloadSerializer
{
    public byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Info<T>());

    public byte[] SerializeObject(object? value) =>
        value is null ? "null"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), context);

    public T Deserialize<T>(ReadOnlyMemory<byte> payload) => JsonSerializer.Deserialize(payload.Span, Info<T>())!;

    public string ToJson(ReadOnlyMemory<byte> payload) => Encoding.UTF8.GetString(payload.Span);

    private JsonTypeInfo<T> Info<T>() =>
        context.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new NotSupportedException($"{typeof(T)} is not in {context.GetType().Name}; add [JsonSerializable(typeof({typeof(T).Name}))].");
}

[JsonSourceGenerationOptions(IncludeFields = true)]
[JsonSerializable(typeof(TripRequest))]
[JsonSerializable(typeof(Reservation))]
[JsonSerializable(typeof(Itinerary))]
[JsonSerializable(typeof((string, int)))]
[JsonSerializable(typeof(string))]
public sealed partial class TripJsonContext : JsonSerializerContext;
