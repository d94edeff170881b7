using MessagePack;
using MessagePack.Resolvers;

namespace WorkflowSdk.Serialization;

/// <summary>
/// The default payload serializer: MessagePack (contractless: plain classes and records need no
/// attributes) with <see cref="MessagePackSecurity.UntrustedData"/> and LZ4 block compression for payloads
/// above 64 bytes. Type names are never written or read.
/// </summary>
public sealed class MessagePackPayloadSerializer : IPayloadSerializer
{
    /// <summary>The options used by the parameterless constructor.</summary>
    public static MessagePackSerializerOptions DefaultOptions { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(ContractlessStandardResolver.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData)
        .WithCompression(MessagePackCompression.Lz4BlockArray);

    private readonly MessagePackSerializerOptions _options;

    /// <summary>Creates the serializer with <see cref="DefaultOptions"/>.</summary>
    public MessagePackPayloadSerializer()
        : this(DefaultOptions)
    {
    }

    /// <summary>Creates the serializer with custom MessagePack options.</summary>
    /// <param name="options">The options; their security should be <see cref="MessagePackSecurity.UntrustedData"/>.</param>
    /// <exception cref="ArgumentException">The options allow typeless (type-name based) deserialization.</exception>
    public MessagePackPayloadSerializer(MessagePackSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Resolver is TypelessContractlessStandardResolver || options.Resolver is TypelessObjectResolver)
        {
            throw new ArgumentException("Typeless MessagePack resolvers read type names from the data and are not allowed for untrusted payloads.", nameof(options));
        }

        _options = options;
    }

    /// <inheritdoc/>
    public byte[] Serialize<T>(T value) => MessagePackSerializer.Serialize(value, _options);

    /// <inheritdoc/>
    public byte[] SerializeObject(object? value) =>
        value is null
            ? MessagePackSerializer.Serialize(typeof(object), obj: null, _options)
            : MessagePackSerializer.Serialize(value.GetType(), value, _options);

    /// <inheritdoc/>
    public T Deserialize<T>(ReadOnlyMemory<byte> payload) => MessagePackSerializer.Deserialize<T>(payload, _options);

    /// <inheritdoc/>
    public string ToJson(ReadOnlyMemory<byte> payload) => MessagePackSerializer.ConvertToJson(payload, _options);

    /// <inheritdoc/>
    public byte[] FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return MessagePackSerializer.ConvertFromJson(json, _options);
    }
}
