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
    public byte[] Serialize<T>(T value)
    {
        try
        {
            return MessagePackSerializer.Serialize(value, _options);
        }
        catch (MessagePackSerializationException ex) when (!typeof(T).IsVisible)
        {
            throw NotPublic(typeof(T), ex);
        }
    }

    /// <inheritdoc/>
    public byte[] SerializeObject(object? value)
    {
        if (value is null)
        {
            return MessagePackSerializer.Serialize(typeof(object), obj: null, _options);
        }

        try
        {
            return MessagePackSerializer.Serialize(value.GetType(), value, _options);
        }
        catch (MessagePackSerializationException ex) when (!value.GetType().IsVisible)
        {
            throw NotPublic(value.GetType(), ex);
        }
    }

    /// <inheritdoc/>
    public T Deserialize<T>(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return MessagePackSerializer.Deserialize<T>(payload, _options);
        }
        catch (MessagePackSerializationException ex) when (!typeof(T).IsVisible)
        {
            throw NotPublic(typeof(T), ex);
        }
    }

    /// <inheritdoc/>
    public string ToJson(ReadOnlyMemory<byte> payload) => MessagePackSerializer.ConvertToJson(payload, _options);

    /// <inheritdoc/>
    public byte[] FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return MessagePackSerializer.ConvertFromJson(json, _options);
    }

    /// <summary>The contractless resolver generates code that can only reach public types; say so instead of "Failed to serialize".</summary>
    /// <remarks>MessagePack's own words are kept in the text rather than as the inner exception, so that callers that
    /// report the innermost exception (as <see cref="PayloadCodec"/> does when decoding) still show this one.</remarks>
    private static MessagePackSerializationException NotPublic(Type type, Exception inner) => new(
        $"'{type.FullName}' is not public, and MessagePack's contractless resolver (the default payload serializer) handles " +
        "public types only: make it public (and any type it is nested in), or configure a payload serializer that can reach it. " +
        $"(MessagePack: {inner.GetBaseException().Message})");
}
