namespace WorkflowSdk.Serialization;

/// <summary>
/// Turns user payloads (orchestration and activity inputs and results, event data, custom status) into
/// bytes and back. The default is <see cref="MessagePackPayloadSerializer"/>; plug in another one through
/// <c>WorkflowWorkerOptions.PayloadSerializer</c> and <c>WorkflowClientOptions.PayloadSerializer</c>
/// (both sides must agree).
/// </summary>
/// <remarks>
/// Payloads come from the wire and from stored history, so implementations must treat them as untrusted:
/// never resolve types named in the data.
/// </remarks>
public interface IPayloadSerializer
{
    /// <summary>Serializes a value of a statically known type.</summary>
    /// <typeparam name="T">The declared type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The bytes.</returns>
    byte[] Serialize<T>(T value);

    /// <summary>Serializes a value by its runtime type (used by the string-named, <see cref="object"/>-typed API).</summary>
    /// <param name="value">The value; <see langword="null"/> is allowed.</param>
    /// <returns>The bytes.</returns>
    byte[] SerializeObject(object? value);

    /// <summary>Deserializes bytes written by <see cref="Serialize{T}(T)"/> or <see cref="SerializeObject(object?)"/>.</summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="payload">The bytes.</param>
    /// <returns>The value.</returns>
    T Deserialize<T>(ReadOnlyMemory<byte> payload);

    /// <summary>Renders a payload as JSON for people (history views, the CLI); never used to read data back.</summary>
    /// <param name="payload">The bytes.</param>
    /// <returns>A JSON text.</returns>
    string ToJson(ReadOnlyMemory<byte> payload);

    /// <summary>
    /// Turns JSON typed by a person (the <c>wf</c> CLI's <c>start</c> and <c>raise</c>) into a payload that reads back as
    /// the declared type (object property names as the type's member names). Serializers that cannot do it keep this
    /// default, which throws <see cref="NotSupportedException"/>.
    /// </summary>
    /// <param name="json">A JSON value.</param>
    /// <returns>The bytes.</returns>
    byte[] FromJson(string json) =>
        throw new NotSupportedException($"The payload serializer {GetType().Name} cannot convert JSON into a payload.");
}
