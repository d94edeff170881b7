using MessagePack;
using WorkflowSdk.Backends;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.RabbitMQ.Internal;

/// <summary>
/// A <see cref="WorkMessage"/> as an AMQP body: the shared <see cref="WireFormat"/> encoding, LZ4-compressed
/// (MessagePack's <c>Lz4BlockArray</c> framing) above a threshold, within a hard size limit.
/// </summary>
internal sealed class MessageBody(int compressionThresholdBytes, int maxMessageBytes)
{
    /// <summary>The <c>content-encoding</c> of a compressed body.</summary>
    public const string Lz4Encoding = "lz4-msgpack";

    /// <summary>The <c>content-type</c> of every body.</summary>
    public const string ContentType = "application/vnd.workflowsdk.message+msgpack";

    private const sbyte Lz4BlockArrayExtension = 98;

    private static readonly MessagePackSerializerOptions Lz4 = MessagePackSerializerOptions.Standard
        .WithCompression(MessagePackCompression.Lz4BlockArray)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    public int MaxMessageBytes => maxMessageBytes;

    /// <summary>Encodes (and maybe compresses) a message.</summary>
    /// <exception cref="PayloadSerializationException">The body is above the limit.</exception>
    public (byte[] Body, bool Compressed) Encode(WorkMessage message)
    {
        var raw = WireFormat.EncodeMessage(message);
        var compressed = raw.Length > compressionThresholdBytes;
        var body = compressed ? MessagePackSerializer.Serialize(raw, Lz4) : raw;
        if (body.Length > maxMessageBytes)
        {
            throw new PayloadSerializationException(
                $"The {message.Event.EventType} message {message.MessageId} for instance '{message.InstanceId}' is {body.Length:N0} bytes" +
                $"{(compressed ? $" after compression ({raw.Length:N0} before)" : string.Empty)}, above the RabbitMQ transport's limit of " +
                $"{maxMessageBytes:N0} bytes (RabbitMQTransportOptions.MaxMessageBytes). Pass large data by reference instead.",
                null);
        }

        return (body, compressed);
    }

    /// <summary>Decodes a body.</summary>
    /// <exception cref="InvalidDataException">The body is too large, badly compressed or not a work message; the message says which.</exception>
    public WorkMessage Decode(ReadOnlyMemory<byte> body, string? contentEncoding)
    {
        if (body.Length > maxMessageBytes)
        {
            throw new InvalidDataException($"The message is {body.Length:N0} bytes, above the limit of {maxMessageBytes:N0} bytes.");
        }

        if (contentEncoding is null or "")
        {
            return WireFormat.DecodeMessage(body);
        }

        if (contentEncoding != Lz4Encoding)
        {
            throw new InvalidDataException($"The message has content-encoding '{contentEncoding}'; only '{Lz4Encoding}' is understood.");
        }

        var declared = DeclaredLength(body);
        if (declared > maxMessageBytes)
        {
            throw new InvalidDataException($"The compressed message would be {declared:N0} bytes uncompressed, above the limit of {maxMessageBytes:N0} bytes.");
        }

        byte[] raw;
        try
        {
            raw = MessagePackSerializer.Deserialize<byte[]>(body, Lz4);
        }
        catch (MessagePackSerializationException ex)
        {
            throw new InvalidDataException($"The compressed message cannot be decompressed: {ex.GetBaseException().Message}", ex);
        }

        return WireFormat.DecodeMessage(raw);
    }

    /// <summary>
    /// The uncompressed size an <c>Lz4BlockArray</c> body declares (<c>[ext 98: [int, ...], bin, ...]</c>), read before
    /// anything is allocated for it, so a small body cannot make the decoder allocate gigabytes.
    /// </summary>
    private static long DeclaredLength(ReadOnlyMemory<byte> body)
    {
        try
        {
            var reader = new MessagePackReader(body);
            _ = reader.ReadArrayHeader();
            var header = reader.ReadExtensionFormatHeader();
            if (header.TypeCode != Lz4BlockArrayExtension)
            {
                throw new InvalidDataException($"The compressed message is not LZ4 block-array framed (extension type {header.TypeCode}).");
            }

            var lengths = new MessagePackReader(reader.ReadRaw(header.Length));
            long total = 0;
            while (!lengths.End)
            {
                var length = lengths.ReadInt32();
                if (length < 0)
                {
                    throw new InvalidDataException("The compressed message declares a negative block length.");
                }

                total += length;
            }

            return total;
        }
        catch (Exception ex) when (ex is not InvalidDataException)
        {
            throw new InvalidDataException($"The compressed message has a damaged header: {ex.Message}", ex);
        }
    }
}
