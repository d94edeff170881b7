using System.Buffers;
using MessagePack;
using WorkflowSdk.Backends;
using WorkflowSdk.History;

namespace WorkflowSdk.Serialization;

/// <summary>
/// The binary (MessagePack) encoding of history events and work messages, shared by every store and
/// transport. Without reflection or type names on the wire: each event is an array tagged with its
/// <see cref="HistoryEventType"/>, so decoding untrusted bytes can only ever produce the known event types.
/// An event's fields, and their order, are its schema's (<see cref="HistoryFields"/>, the nested <c>Schema</c> of each
/// event type), which the BSON documents of the MongoDB store and the JSON view are written through too.
/// </summary>
/// <remarks>
/// Layout of an event: <c>[type, timestampTicks, messageId, ...fields of the type]</c>. A chunk of events is
/// <c>[formatVersion, [event, ...]]</c>; a message is <c>[formatVersion, messageId, instanceId, executionId,
/// visibleAtTicks, traceParent, event]</c>. Fields are only ever appended; decoders skip fields they do not know.
/// </remarks>
public static class WireFormat
{
    /// <summary>The format version written by this library.</summary>
    public const int FormatVersion = 1;

    private const int MaxFailureDepth = 32;

    /// <summary>Encodes a list of events (one history chunk).</summary>
    /// <param name="events">The events.</param>
    /// <returns>The encoded bytes.</returns>
    public static byte[] EncodeEvents(IReadOnlyList<HistoryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var buffer = new ArrayBufferWriter<byte>(64 + (events.Count * 48));
        var chunk = new EventWriter(new MessagePackWriter(buffer));
        ref var writer = ref chunk.Writer;
        writer.WriteArrayHeader(2);
        writer.Write(FormatVersion);
        writer.WriteArrayHeader(events.Count);
        foreach (var e in events)
        {
            WriteEvent(ref chunk, e);
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Appends decoded events (one history chunk) to <paramref name="destination"/>.</summary>
    /// <param name="data">The encoded chunk.</param>
    /// <param name="destination">Where decoded events are added.</param>
    /// <exception cref="InvalidDataException">The bytes are not a valid chunk.</exception>
    public static void DecodeEvents(ReadOnlyMemory<byte> data, List<HistoryEvent> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        try
        {
            var events = new EventReader(new MessagePackReader(data));
            ref var reader = ref events.Reader;
            var fields = reader.ReadArrayHeader();
            CheckVersion(reader.ReadInt32());
            var count = reader.ReadArrayHeader();
            destination.EnsureCapacity(destination.Count + count);
            for (var i = 0; i < count; i++)
            {
                destination.Add(ReadEvent(ref events));
            }

            SkipExtra(ref reader, fields, 2);
        }
        catch (Exception ex) when (ex is not InvalidDataException)
        {
            throw new InvalidDataException($"History data is not valid WorkflowSdk wire format: {ex.Message}", ex);
        }
    }

    /// <summary>Decodes a list of events (one history chunk).</summary>
    /// <param name="data">The encoded chunk.</param>
    /// <returns>The events.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid chunk.</exception>
    public static List<HistoryEvent> DecodeEvents(ReadOnlyMemory<byte> data)
    {
        var events = new List<HistoryEvent>();
        DecodeEvents(data, events);
        return events;
    }

    /// <summary>Encodes a work message.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The encoded bytes.</returns>
    public static byte[] EncodeMessage(WorkMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var buffer = new ArrayBufferWriter<byte>(128);
        var eventWriter = new EventWriter(new MessagePackWriter(buffer));
        ref var writer = ref eventWriter.Writer;
        writer.WriteArrayHeader(7);
        writer.Write(FormatVersion);
        writer.Write(message.MessageId);
        writer.Write(message.InstanceId);
        writer.Write(message.ExecutionId);
        WriteNullableTime(ref writer, message.VisibleAtUtc);
        writer.Write(message.TraceParent);
        WriteEvent(ref eventWriter, message.Event);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a work message.</summary>
    /// <param name="data">The encoded message.</param>
    /// <returns>The message.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid message.</exception>
    public static WorkMessage DecodeMessage(ReadOnlyMemory<byte> data)
    {
        try
        {
            var eventReader = new EventReader(new MessagePackReader(data));
            ref var reader = ref eventReader.Reader;
            var fields = reader.ReadArrayHeader();
            if (fields < 7)
            {
                throw new InvalidDataException($"A work message has 7 fields; this one has {fields}.");
            }

            CheckVersion(reader.ReadInt32());
            var message = new WorkMessage
            {
                MessageId = ReadRequiredString(ref reader, "messageId"),
                InstanceId = ReadRequiredString(ref reader, "instanceId"),
                ExecutionId = reader.ReadString(),
                VisibleAtUtc = ReadNullableTime(ref reader),
                TraceParent = reader.ReadString(),
                Event = ReadEvent(ref eventReader),
            };
            SkipExtra(ref reader, fields, 7);
            return message;
        }
        catch (Exception ex) when (ex is not InvalidDataException)
        {
            throw new InvalidDataException($"Message data is not valid WorkflowSdk wire format: {ex.Message}", ex);
        }
    }

    /// <summary>Encodes failure details on their own (for stores that keep them in a column).</summary>
    /// <param name="failure">The failure.</param>
    /// <returns>The encoded bytes.</returns>
    public static byte[] EncodeFailure(FailureDetails failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new MessagePackWriter(buffer);
        WriteFailure(ref writer, failure);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes failure details written by <see cref="EncodeFailure"/>.</summary>
    /// <param name="data">The encoded bytes.</param>
    /// <returns>The failure.</returns>
    /// <exception cref="InvalidDataException">The bytes are not valid failure details.</exception>
    public static FailureDetails DecodeFailure(ReadOnlyMemory<byte> data)
    {
        try
        {
            var reader = new MessagePackReader(data);
            return ReadRequiredFailure(ref reader);
        }
        catch (Exception ex) when (ex is not InvalidDataException)
        {
            throw new InvalidDataException($"Failure data is not valid WorkflowSdk wire format: {ex.Message}", ex);
        }
    }

    private static void CheckVersion(int version)
    {
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Wire format version {version} is not supported (this library reads version {FormatVersion}).");
        }
    }

    private static void WriteEvent(ref EventWriter writer, HistoryEvent e)
    {
        if (!HistoryEventSchema.TryWrite(ref writer, e))
        {
            throw new NotSupportedException($"History event type {e.GetType().Name} has no wire encoding.");
        }
    }

    private static HistoryEvent ReadEvent(ref EventReader eventReader)
    {
        ref var reader = ref eventReader.Reader;
        var fields = reader.ReadArrayHeader();
        if (fields < 3)
        {
            throw new InvalidDataException($"A history event has at least 3 fields; this one has {fields}.");
        }

        var type = (HistoryEventType)reader.ReadByte();
        var timestamp = new DateTime(reader.ReadInt64(), DateTimeKind.Utc);
        var messageId = reader.ReadString();
        eventReader.BeginEvent(fields - 3, timestamp, messageId);
        var result = HistoryEventSchema.Read(ref eventReader, type)
            ?? throw new InvalidDataException($"Unknown history event type tag {(int)type}.");
        SkipExtra(ref reader, fields, 3 + eventReader.FieldsRead);
        return result;
    }

    private static void SkipExtra(ref MessagePackReader reader, int fields, int read)
    {
        if (fields < read)
        {
            throw new InvalidDataException($"Expected at least {read} fields but found {fields}.");
        }

        for (var i = read; i < fields; i++)
        {
            reader.Skip();
        }
    }

    private static string ReadRequiredString(ref MessagePackReader reader, string field) =>
        reader.ReadString() ?? throw new InvalidDataException($"Required field '{field}' is missing.");

    private static void WriteBytes(ref MessagePackWriter writer, byte[]? bytes)
    {
        if (bytes is null)
        {
            writer.WriteNil();
        }
        else
        {
            writer.Write(bytes);
        }
    }

    private static byte[]? ReadBytes(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        var sequence = reader.ReadBytes() ?? throw new InvalidDataException("Expected a binary payload.");
        return sequence.ToArray();
    }

    private static void WriteNullableTime(ref MessagePackWriter writer, DateTime? time)
    {
        if (time is { } t)
        {
            writer.Write(t.Ticks);
        }
        else
        {
            writer.WriteNil();
        }
    }

    private static DateTime? ReadNullableTime(ref MessagePackReader reader) =>
        reader.TryReadNil() ? null : new DateTime(reader.ReadInt64(), DateTimeKind.Utc);

    private static void WriteParent(ref MessagePackWriter writer, ParentInstance? parent)
    {
        if (parent is null)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteArrayHeader(4);
        writer.Write(parent.InstanceId);
        writer.Write(parent.ExecutionId);
        writer.Write(parent.TaskId);
        writer.Write(parent.Name);
    }

    private static ParentInstance? ReadParent(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        var fields = reader.ReadArrayHeader();
        var parent = new ParentInstance(
            ReadRequiredString(ref reader, "parent.instanceId"),
            ReadRequiredString(ref reader, "parent.executionId"),
            reader.ReadInt32(),
            ReadRequiredString(ref reader, "parent.name"));
        SkipExtra(ref reader, fields, 4);
        return parent;
    }

    private static void WriteFailure(ref MessagePackWriter writer, FailureDetails? failure)
    {
        if (failure is null)
        {
            writer.WriteNil();
            return;
        }

        // Base types are appended (a sixth field) only when known, so failures without them keep their five-field form.
        writer.WriteArrayHeader(failure.BaseTypes.Count > 0 ? 6 : 5);
        writer.Write(failure.ErrorType);
        writer.Write(failure.Message);
        writer.Write(failure.StackTrace);
        writer.Write(failure.IsNonRetriable);
        WriteFailure(ref writer, failure.InnerFailure);
        if (failure.BaseTypes.Count > 0)
        {
            writer.WriteArrayHeader(failure.BaseTypes.Count);
            foreach (var name in failure.BaseTypes)
            {
                writer.Write(name);
            }
        }
    }

    private static FailureDetails ReadRequiredFailure(ref MessagePackReader reader) =>
        ReadFailure(ref reader, 0) ?? throw new InvalidDataException("Required failure details are missing.");

    private static FailureDetails? ReadFailure(ref MessagePackReader reader, int depth)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        if (depth > MaxFailureDepth)
        {
            throw new InvalidDataException($"Failure details are nested deeper than {MaxFailureDepth} inner failures.");
        }

        var fields = reader.ReadArrayHeader();
        var errorType = ReadRequiredString(ref reader, "failure.errorType");
        var message = reader.ReadString() ?? string.Empty;
        var stackTrace = reader.ReadString();
        var nonRetriable = reader.ReadBoolean();
        var inner = ReadFailure(ref reader, depth + 1);
        string[] baseTypes = [];
        if (fields > 5 && !reader.TryReadNil())
        {
            baseTypes = new string[reader.ReadArrayHeader()];
            for (var i = 0; i < baseTypes.Length; i++)
            {
                baseTypes[i] = ReadRequiredString(ref reader, "failure.baseTypes");
            }
        }

        SkipExtra(ref reader, fields, fields > 5 ? 6 : 5);
        return new FailureDetails(errorType, message, stackTrace, inner, nonRetriable) { BaseTypes = baseTypes };
    }
    /// <summary>
    /// The binary form of an event: <c>[type, timestampTicks, messageId, ...fields in schema order]</c>, absent values
    /// as nil, except <see cref="HistoryFieldOptions.Appended"/> fields without a value at the end, which are left off.
    /// </summary>
    private ref struct EventWriter : IHistoryFieldWriter
    {
        /// <summary>The writer (of the whole chunk or message: an event is written in place).</summary>
        public MessagePackWriter Writer;
        private int _remaining;

        public EventWriter(MessagePackWriter writer) => Writer = writer;

        public static bool NeedsFieldCount => true;

        public void BeginEvent(HistoryEvent e, int fieldCount)
        {
            _remaining = fieldCount;
            Writer.WriteArrayHeader(3 + fieldCount);
            Writer.Write((byte)e.EventType);
            Writer.Write(e.Timestamp.Ticks);
            Writer.Write(e.MessageId);
        }

        public readonly void EndEvent()
        {
        }

        public void Int32(HistoryField field, int value)
        {
            if (_remaining-- > 0)
            {
                Writer.Write(value);
            }
        }

        public void String(HistoryField field, string? value)
        {
            if (_remaining-- > 0)
            {
                Writer.Write(value);
            }
        }

        public void Payload(HistoryField field, byte[]? value)
        {
            if (_remaining-- > 0)
            {
                WriteBytes(ref Writer, value);
            }
        }

        public void Time(HistoryField field, DateTime value)
        {
            if (_remaining-- > 0)
            {
                Writer.Write(value.Ticks);
            }
        }

        public void Failure(HistoryField field, FailureDetails value)
        {
            if (_remaining-- > 0)
            {
                WriteFailure(ref Writer, value);
            }
        }

        public void Parent(HistoryField field, ParentInstance? value)
        {
            if (_remaining-- > 0)
            {
                WriteParent(ref Writer, value);
            }
        }
    }

    /// <summary>Reads an event's fields in schema order; a field past the end of the array is absent if it was appended.</summary>
    private ref struct EventReader : IHistoryFieldReader
    {
        /// <summary>The reader (of the whole chunk or message: an event is read in place).</summary>
        public MessagePackReader Reader;
        private int _fields;

        public EventReader(MessagePackReader reader) => Reader = reader;

        public DateTime Timestamp { readonly get; private set; }

        public string? MessageId { readonly get; private set; }

        /// <summary>How many fields after the header were read.</summary>
        public int FieldsRead { readonly get; private set; }

        /// <summary>Starts reading an event whose header has been read.</summary>
        public void BeginEvent(int fields, DateTime timestamp, string? messageId)
        {
            _fields = fields;
            FieldsRead = 0;
            Timestamp = timestamp;
            MessageId = messageId;
        }

        public int Int32(HistoryField field) => Next(field) ? Reader.ReadInt32() : 0;

        public string? String(HistoryField field) => Next(field) ? Reader.ReadString() : null;

        public string RequiredString(HistoryField field) =>
            (Next(field) ? Reader.ReadString() : null) ?? throw new InvalidDataException($"Required field '{field.Name}' is missing.");

        public byte[]? Payload(HistoryField field) => Next(field) ? ReadBytes(ref Reader) : null;

        public DateTime Time(HistoryField field) => Next(field) ? new DateTime(Reader.ReadInt64(), DateTimeKind.Utc) : default;

        public FailureDetails Failure(HistoryField field) =>
            Next(field) ? ReadRequiredFailure(ref Reader) : throw new InvalidDataException("Required failure details are missing.");

        public ParentInstance? Parent(HistoryField field) => Next(field) ? ReadParent(ref Reader) : null;

        private bool Next(HistoryField field)
        {
            if (FieldsRead < _fields)
            {
                FieldsRead++;
                return true;
            }

            return field.IsAppended
                ? false
                : throw new InvalidDataException($"Expected at least {3 + FieldsRead + 1} fields but found {3 + _fields}.");
        }
    }
}
