using System.Buffers;
using MessagePack;
using WorkflowSdk.Backends;
using WorkflowSdk.History;

namespace WorkflowSdk.Serialization;

/// <summary>
/// The binary (MessagePack) encoding of history events and work messages, shared by every store and
/// transport. Written by hand, without reflection or type names on the wire: each event is an array
/// tagged with its <see cref="HistoryEventType"/>, so decoding untrusted bytes can only ever produce the
/// known event types.
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
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(FormatVersion);
        writer.WriteArrayHeader(events.Count);
        foreach (var e in events)
        {
            WriteEvent(ref writer, e);
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
            var reader = new MessagePackReader(data);
            var fields = reader.ReadArrayHeader();
            CheckVersion(reader.ReadInt32());
            var count = reader.ReadArrayHeader();
            destination.EnsureCapacity(destination.Count + count);
            for (var i = 0; i < count; i++)
            {
                destination.Add(ReadEvent(ref reader));
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
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(7);
        writer.Write(FormatVersion);
        writer.Write(message.MessageId);
        writer.Write(message.InstanceId);
        writer.Write(message.ExecutionId);
        WriteNullableTime(ref writer, message.VisibleAtUtc);
        writer.Write(message.TraceParent);
        WriteEvent(ref writer, message.Event);
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
            var reader = new MessagePackReader(data);
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
                Event = ReadEvent(ref reader),
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

    private static void WriteEvent(ref MessagePackWriter writer, HistoryEvent e)
    {
        switch (e)
        {
            case ExecutionStartedEvent x:
                Header(ref writer, x, x.TraceParent is null ? 6 : 7);
                writer.Write(x.Name);
                writer.Write(x.Version);
                writer.Write(x.ExecutionId);
                WriteBytes(ref writer, x.Input);
                WriteParent(ref writer, x.Parent);
                writer.Write(x.Generation);
                if (x.TraceParent is not null)
                {
                    // Appended later than the other fields: older readers skip it.
                    writer.Write(x.TraceParent);
                }

                break;
            case ExecutionCompletedEvent x:
                Header(ref writer, x, 1);
                WriteBytes(ref writer, x.Result);
                break;
            case ExecutionFailedEvent x:
                Header(ref writer, x, 1);
                WriteFailure(ref writer, x.FailureDetails);
                break;
            case ExecutionTerminatedEvent x:
                Header(ref writer, x, 1);
                WriteBytes(ref writer, x.Reason);
                break;
            case ExecutionContinuedAsNewEvent x:
                Header(ref writer, x, 2);
                WriteBytes(ref writer, x.Input);
                writer.Write(x.NewExecutionId);
                break;
            case ExecutionSuspendedEvent x:
                Header(ref writer, x, 1);
                writer.Write(x.Reason);
                break;
            case ExecutionResumedEvent x:
                Header(ref writer, x, 1);
                writer.Write(x.Reason);
                break;
            case OrchestratorStartedEvent or OrchestratorCompletedEvent:
                Header(ref writer, e, 0);
                break;
            case TaskScheduledEvent x:
                Header(ref writer, x, 4);
                writer.Write(x.TaskId);
                writer.Write(x.Source);
                writer.Write(x.Name);
                WriteBytes(ref writer, x.Input);
                break;
            case TaskCompletedEvent x:
                Header(ref writer, x, 2);
                writer.Write(x.TaskId);
                WriteBytes(ref writer, x.Result);
                break;
            case TaskFailedEvent x:
                Header(ref writer, x, 2);
                writer.Write(x.TaskId);
                WriteFailure(ref writer, x.FailureDetails);
                break;
            case TimerCreatedEvent x:
                Header(ref writer, x, 3);
                writer.Write(x.TaskId);
                writer.Write(x.Source);
                writer.Write(x.FireAt.Ticks);
                break;
            case TimerFiredEvent x:
                Header(ref writer, x, 2);
                writer.Write(x.TaskId);
                writer.Write(x.FireAt.Ticks);
                break;
            case EventRaisedEvent x:
                Header(ref writer, x, 2);
                writer.Write(x.Name);
                WriteBytes(ref writer, x.Input);
                break;
            case EventSentEvent x:
                Header(ref writer, x, 5);
                writer.Write(x.TaskId);
                writer.Write(x.Source);
                writer.Write(x.TargetInstanceId);
                writer.Write(x.Name);
                WriteBytes(ref writer, x.Input);
                break;
            case SubOrchestrationInstanceCreatedEvent x:
                Header(ref writer, x, 6);
                writer.Write(x.TaskId);
                writer.Write(x.Source);
                writer.Write(x.Name);
                writer.Write(x.Version);
                writer.Write(x.InstanceId);
                WriteBytes(ref writer, x.Input);
                break;
            case SubOrchestrationInstanceCompletedEvent x:
                Header(ref writer, x, 2);
                writer.Write(x.TaskId);
                WriteBytes(ref writer, x.Result);
                break;
            case SubOrchestrationInstanceFailedEvent x:
                Header(ref writer, x, 2);
                writer.Write(x.TaskId);
                WriteFailure(ref writer, x.FailureDetails);
                break;
            default:
                throw new NotSupportedException($"History event type {e.GetType().Name} has no wire encoding.");
        }
    }

    private static void Header(ref MessagePackWriter writer, HistoryEvent e, int fieldCount)
    {
        writer.WriteArrayHeader(3 + fieldCount);
        writer.Write((byte)e.EventType);
        writer.Write(e.Timestamp.Ticks);
        writer.Write(e.MessageId);
    }

    private static HistoryEvent ReadEvent(ref MessagePackReader reader)
    {
        var fields = reader.ReadArrayHeader();
        if (fields < 3)
        {
            throw new InvalidDataException($"A history event has at least 3 fields; this one has {fields}.");
        }

        var type = (HistoryEventType)reader.ReadByte();
        var timestamp = new DateTime(reader.ReadInt64(), DateTimeKind.Utc);
        var messageId = reader.ReadString();
        HistoryEvent result;
        int read;
        switch (type)
        {
            case HistoryEventType.ExecutionStarted:
                result = new ExecutionStartedEvent
                {
                    Timestamp = timestamp,
                    MessageId = messageId,
                    Name = ReadRequiredString(ref reader, "name"),
                    Version = reader.ReadString(),
                    ExecutionId = ReadRequiredString(ref reader, "executionId"),
                    Input = ReadBytes(ref reader),
                    Parent = ReadParent(ref reader),
                    Generation = reader.ReadInt32(),
                    TraceParent = fields > 9 ? reader.ReadString() : null,
                };
                read = fields > 9 ? 7 : 6;
                break;
            case HistoryEventType.ExecutionCompleted:
                result = new ExecutionCompletedEvent { Timestamp = timestamp, MessageId = messageId, Result = ReadBytes(ref reader) };
                read = 1;
                break;
            case HistoryEventType.ExecutionFailed:
                result = new ExecutionFailedEvent { Timestamp = timestamp, MessageId = messageId, FailureDetails = ReadRequiredFailure(ref reader) };
                read = 1;
                break;
            case HistoryEventType.ExecutionTerminated:
                result = new ExecutionTerminatedEvent { Timestamp = timestamp, MessageId = messageId, Reason = ReadBytes(ref reader) };
                read = 1;
                break;
            case HistoryEventType.ExecutionContinuedAsNew:
                result = new ExecutionContinuedAsNewEvent { Timestamp = timestamp, MessageId = messageId, Input = ReadBytes(ref reader), NewExecutionId = ReadRequiredString(ref reader, "newExecutionId") };
                read = 2;
                break;
            case HistoryEventType.ExecutionSuspended:
                result = new ExecutionSuspendedEvent { Timestamp = timestamp, MessageId = messageId, Reason = reader.ReadString() };
                read = 1;
                break;
            case HistoryEventType.ExecutionResumed:
                result = new ExecutionResumedEvent { Timestamp = timestamp, MessageId = messageId, Reason = reader.ReadString() };
                read = 1;
                break;
            case HistoryEventType.OrchestratorStarted:
                result = new OrchestratorStartedEvent { Timestamp = timestamp, MessageId = messageId };
                read = 0;
                break;
            case HistoryEventType.OrchestratorCompleted:
                result = new OrchestratorCompletedEvent { Timestamp = timestamp, MessageId = messageId };
                read = 0;
                break;
            case HistoryEventType.TaskScheduled:
                result = new TaskScheduledEvent
                {
                    Timestamp = timestamp,
                    MessageId = messageId,
                    TaskId = reader.ReadInt32(),
                    Source = reader.ReadString(),
                    Name = ReadRequiredString(ref reader, "name"),
                    Input = ReadBytes(ref reader),
                };
                read = 4;
                break;
            case HistoryEventType.TaskCompleted:
                result = new TaskCompletedEvent { Timestamp = timestamp, MessageId = messageId, TaskId = reader.ReadInt32(), Result = ReadBytes(ref reader) };
                read = 2;
                break;
            case HistoryEventType.TaskFailed:
                result = new TaskFailedEvent { Timestamp = timestamp, MessageId = messageId, TaskId = reader.ReadInt32(), FailureDetails = ReadRequiredFailure(ref reader) };
                read = 2;
                break;
            case HistoryEventType.TimerCreated:
                result = new TimerCreatedEvent
                {
                    Timestamp = timestamp,
                    MessageId = messageId,
                    TaskId = reader.ReadInt32(),
                    Source = reader.ReadString(),
                    FireAt = new DateTime(reader.ReadInt64(), DateTimeKind.Utc),
                };
                read = 3;
                break;
            case HistoryEventType.TimerFired:
                result = new TimerFiredEvent { Timestamp = timestamp, MessageId = messageId, TaskId = reader.ReadInt32(), FireAt = new DateTime(reader.ReadInt64(), DateTimeKind.Utc) };
                read = 2;
                break;
            case HistoryEventType.EventRaised:
                result = new EventRaisedEvent { Timestamp = timestamp, MessageId = messageId, Name = ReadRequiredString(ref reader, "name"), Input = ReadBytes(ref reader) };
                read = 2;
                break;
            case HistoryEventType.EventSent:
                result = new EventSentEvent
                {
                    Timestamp = timestamp,
                    MessageId = messageId,
                    TaskId = reader.ReadInt32(),
                    Source = reader.ReadString(),
                    TargetInstanceId = ReadRequiredString(ref reader, "targetInstanceId"),
                    Name = ReadRequiredString(ref reader, "name"),
                    Input = ReadBytes(ref reader),
                };
                read = 5;
                break;
            case HistoryEventType.SubOrchestrationInstanceCreated:
                result = new SubOrchestrationInstanceCreatedEvent
                {
                    Timestamp = timestamp,
                    MessageId = messageId,
                    TaskId = reader.ReadInt32(),
                    Source = reader.ReadString(),
                    Name = ReadRequiredString(ref reader, "name"),
                    Version = reader.ReadString(),
                    InstanceId = ReadRequiredString(ref reader, "instanceId"),
                    Input = ReadBytes(ref reader),
                };
                read = 6;
                break;
            case HistoryEventType.SubOrchestrationInstanceCompleted:
                result = new SubOrchestrationInstanceCompletedEvent { Timestamp = timestamp, MessageId = messageId, TaskId = reader.ReadInt32(), Result = ReadBytes(ref reader) };
                read = 2;
                break;
            case HistoryEventType.SubOrchestrationInstanceFailed:
                result = new SubOrchestrationInstanceFailedEvent { Timestamp = timestamp, MessageId = messageId, TaskId = reader.ReadInt32(), FailureDetails = ReadRequiredFailure(ref reader) };
                read = 2;
                break;
            default:
                throw new InvalidDataException($"Unknown history event type tag {(int)type}.");
        }

        SkipExtra(ref reader, fields, 3 + read);
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

        writer.WriteArrayHeader(5);
        writer.Write(failure.ErrorType);
        writer.Write(failure.Message);
        writer.Write(failure.StackTrace);
        writer.Write(failure.IsNonRetriable);
        WriteFailure(ref writer, failure.InnerFailure);
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
        SkipExtra(ref reader, fields, 5);
        return new FailureDetails(errorType, message, stackTrace, inner, nonRetriable);
    }
}
