namespace WorkflowSdk.Serialization;

/// <summary>
/// Wraps the configured <see cref="IPayloadSerializer"/>: enforces the payload size limit and turns
/// serializer errors into <see cref="PayloadSerializationException"/>s that say what was being read or
/// written and as which type. A <see langword="null"/> byte array means "no payload".
/// </summary>
public sealed class PayloadCodec
{
    /// <summary>The default limit on one serialized payload: 4 MiB.</summary>
    public const int DefaultMaxPayloadBytes = 4 * 1024 * 1024;

    /// <summary>Creates a codec.</summary>
    /// <param name="serializer">The payload serializer.</param>
    /// <param name="maxPayloadBytes">The largest serialized payload accepted.</param>
    public PayloadCodec(IPayloadSerializer serializer, int maxPayloadBytes = DefaultMaxPayloadBytes)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPayloadBytes);
        Serializer = serializer;
        MaxPayloadBytes = maxPayloadBytes;
    }

    /// <summary>The underlying serializer.</summary>
    public IPayloadSerializer Serializer { get; }

    /// <summary>The largest serialized payload accepted.</summary>
    public int MaxPayloadBytes { get; }

    /// <summary>Serializes a value by its runtime type; <see langword="null"/> gives <see langword="null"/> (no payload).</summary>
    /// <param name="value">The value.</param>
    /// <param name="what">What the payload is, for error messages (e.g. "input of activity 'Charge'").</param>
    /// <returns>The bytes, or <see langword="null"/>.</returns>
    /// <exception cref="PayloadSerializationException">The value cannot be serialized or is too large.</exception>
    public byte[]? EncodeObject(object? value, string what)
    {
        if (value is null)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Serializer.SerializeObject(value);
        }
        catch (Exception ex)
        {
            throw new PayloadSerializationException($"The {what} (a {value.GetType().FullName}) could not be serialized: {ex.Message}", ex);
        }

        return CheckSize(bytes, what);
    }

    /// <summary>Serializes a value of a statically known type.</summary>
    /// <typeparam name="T">The declared type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="what">What the payload is, for error messages.</param>
    /// <returns>The bytes, or <see langword="null"/> for a <see langword="null"/> value.</returns>
    /// <exception cref="PayloadSerializationException">The value cannot be serialized or is too large.</exception>
    public byte[]? Encode<T>(T value, string what)
    {
        if (value is null)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Serializer.Serialize(value);
        }
        catch (Exception ex)
        {
            throw new PayloadSerializationException($"The {what} (a {typeof(T).FullName}) could not be serialized: {ex.Message}", ex);
        }

        return CheckSize(bytes, what);
    }

    /// <summary>Deserializes a payload; no payload gives <c>default(T)</c>.</summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="payload">The bytes, or <see langword="null"/>.</param>
    /// <param name="what">What the payload is, for error messages.</param>
    /// <returns>The value.</returns>
    /// <exception cref="PayloadSerializationException">The bytes do not deserialize as <typeparamref name="T"/>.</exception>
    public T Decode<T>(byte[]? payload, string what)
    {
        if (payload is null)
        {
            return default!;
        }

        try
        {
            return Serializer.Deserialize<T>(payload);
        }
        catch (Exception ex)
        {
            throw new PayloadSerializationException(
                $"The {what} could not be deserialized as {FormatType(typeof(T))}: {ex.GetBaseException().Message}", ex);
        }
    }

    /// <summary>Renders a payload as JSON, or <c>null</c> when there is none; unreadable payloads are described, not thrown.</summary>
    /// <param name="payload">The bytes.</param>
    /// <returns>JSON text.</returns>
    public string ToJson(byte[]? payload)
    {
        if (payload is null)
        {
            return "null";
        }

        try
        {
            return Serializer.ToJson(payload);
        }
        catch (Exception ex)
        {
            var description = $"<{payload.Length} bytes that are not readable: {ex.Message}>";
            return $"\"{System.Text.Json.JsonEncodedText.Encode(description, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\"";
        }
    }

    /// <summary>Turns JSON typed by a person into a payload (see <see cref="IPayloadSerializer.FromJson"/>).</summary>
    /// <param name="json">A JSON value; <see langword="null"/> for no payload.</param>
    /// <param name="what">What the payload is, for error messages.</param>
    /// <returns>The bytes, or <see langword="null"/>.</returns>
    /// <exception cref="PayloadSerializationException">The text is not JSON, the serializer cannot convert JSON, or the result is too large.</exception>
    public byte[]? FromJson(string? json, string what)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using (System.Text.Json.JsonDocument.Parse(json))
            {
                // Only validates: the serializer's own reader gives poorer messages.
            }

            return CheckSize(Serializer.FromJson(json), what);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or FormatException or MessagePack.MessagePackSerializationException)
        {
            throw new PayloadSerializationException($"The {what} is not usable JSON: {ex.Message}", ex);
        }
    }

    private byte[] CheckSize(byte[] bytes, string what)
    {
        if (bytes.Length > MaxPayloadBytes)
        {
            throw new PayloadSerializationException(
                $"The {what} is {bytes.Length:N0} bytes serialized, above the limit of {MaxPayloadBytes:N0} bytes. " +
                "Pass a reference (e.g. a blob URL) instead of the data, or raise MaxPayloadBytes.", null);
        }

        return bytes;
    }

    private static string FormatType(Type type) => type.FullName ?? type.Name;
}
