using WorkflowSdk.Serialization;

namespace WorkflowSdk.Generators.EndToEnd;

/// <summary>
/// The default MessagePack serializer with the runtime-type (<see cref="object"/>) path switched off: every payload
/// must go through <see cref="Serialize{T}"/> with a static type, as the generated code does. A call through the
/// string-named, <c>object</c>-typed API fails the test.
/// </summary>
public sealed class TypedOnlySerializer : IPayloadSerializer
{
    private readonly MessagePackPayloadSerializer _inner = new();

    public byte[] Serialize<T>(T value) => _inner.Serialize(value);

    public byte[] SerializeObject(object? value) =>
        throw new InvalidOperationException($"A payload ({value?.GetType().FullName ?? "null"}) was serialized by its runtime type: the typed path was bypassed.");

    public T Deserialize<T>(ReadOnlyMemory<byte> payload) => _inner.Deserialize<T>(payload);

    public string ToJson(ReadOnlyMemory<byte> payload) => _inner.ToJson(payload);
}

/// <summary>The smallest service provider: fixed instances by type.</summary>
public sealed class Services(params object[] services) : IServiceProvider
{
    public object? GetService(Type serviceType) => services.FirstOrDefault(serviceType.IsInstanceOfType);
}
