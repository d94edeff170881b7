using System.Buffers;
using System.Text;
using System.Text.Json;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.History;

/// <summary>Renders history as JSON for people (the CLI, logs, bug reports); payloads appear as JSON values.</summary>
/// <remarks>A one-way view built on the same field list as the stored forms (<c>HistoryFields</c>): field names are
/// the BSON document's, except <c>timestamp</c>.</remarks>
public static class HistoryJson
{
    /// <summary>Writes events as an indented JSON array.</summary>
    /// <param name="events">The events.</param>
    /// <param name="codec">Renders payloads.</param>
    /// <returns>JSON text.</returns>
    public static string Write(IEnumerable<HistoryEvent> events, PayloadCodec codec)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(codec);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var e in events)
            {
                WriteEvent(writer, e, codec);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteEvent(Utf8JsonWriter writer, HistoryEvent e, PayloadCodec codec)
    {
        var fields = new EventWriter(writer, codec);
        if (!HistoryEventSchema.TryWrite(ref fields, e))
        {
            // A type that is not one of the library's: its header and task id.
            fields.BeginEvent(e, 0);
            switch (e)
            {
                case ScheduledActionEvent action:
                    fields.Int32(HistoryFields.TaskId, action.TaskId);
                    fields.String(HistoryFields.Source, action.Source);
                    break;
                case ActionResultEvent result:
                    fields.Int32(HistoryFields.TaskId, result.TaskId);
                    break;
            }

            fields.EndEvent();
        }
    }

    private static void WritePayload(Utf8JsonWriter writer, string name, byte[]? payload, PayloadCodec codec)
    {
        if (payload is null)
        {
            return;
        }

        writer.WritePropertyName(name);
        var json = codec.ToJson(payload);
        try
        {
            writer.WriteRawValue(json);
        }
        catch (JsonException)
        {
            writer.WriteStringValue(json);
        }
    }

    private static void WriteFailureValue(Utf8JsonWriter writer, FailureDetails failure)
    {
        writer.WriteStartObject();
        writer.WriteString("errorType", failure.ErrorType);
        writer.WriteString("message", failure.Message);
        if (failure.StackTrace is not null)
        {
            writer.WriteString("stackTrace", failure.StackTrace);
        }

        if (failure.IsNonRetriable)
        {
            writer.WriteBoolean("nonRetriable", true);
        }

        if (failure.BaseTypes.Count > 0)
        {
            writer.WriteStartArray("baseTypes");
            foreach (var name in failure.BaseTypes)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }

        if (failure.InnerFailure is { } inner)
        {
            writer.WritePropertyName("inner");
            WriteFailureValue(writer, inner);
        }

        writer.WriteEndObject();
    }
    /// <summary>
    /// An event as an object: <c>{ type, timestamp, messageId?, ...fields in schema order, source? }</c>, absent values
    /// (and zeros of <see cref="HistoryFieldOptions.OmitZero"/> fields) left out, payloads rendered as JSON values.
    /// </summary>
    private struct EventWriter(Utf8JsonWriter writer, PayloadCodec codec) : IHistoryFieldWriter
    {
        private HistoryField? _lastField;
        private string? _lastValue;

        public static bool NeedsFieldCount => false;

        public readonly void BeginEvent(HistoryEvent e, int fieldCount)
        {
            writer.WriteStartObject();
            writer.WriteString("type", e.EventType.ToString());
            writer.WriteString("timestamp", e.Timestamp);
            if (e.MessageId is not null)
            {
                writer.WriteString("messageId", e.MessageId);
            }
        }

        public readonly void EndEvent()
        {
            if (_lastField is not null)
            {
                writer.WriteString(_lastField.Name, _lastValue);
            }

            writer.WriteEndObject();
        }

        public readonly void Int32(HistoryField field, int value)
        {
            if (value != 0 || !field.OmitsZero)
            {
                writer.WriteNumber(field.Name, value);
            }
        }

        public void String(HistoryField field, string? value)
        {
            if (value is null)
            {
                return;
            }

            if (field.IsShownLast)
            {
                _lastField = field;
                _lastValue = value;
                return;
            }

            writer.WriteString(field.Name, value);
        }

        public readonly void Payload(HistoryField field, byte[]? value) => WritePayload(writer, field.Name, value, codec);

        public readonly void Time(HistoryField field, DateTime value) => writer.WriteString(field.Name, value);

        public readonly void Failure(HistoryField field, FailureDetails value)
        {
            writer.WritePropertyName(field.Name);
            WriteFailureValue(writer, value);
        }

        public readonly void Parent(HistoryField field, ParentInstance? value)
        {
            if (value is null)
            {
                return;
            }

            writer.WriteStartObject(field.Name);
            writer.WriteString(HistoryFields.InstanceId.Name, value.InstanceId);
            writer.WriteString(HistoryFields.ExecutionId.Name, value.ExecutionId);
            writer.WriteNumber(HistoryFields.TaskId.Name, value.TaskId);
            writer.WriteString(HistoryFields.Name.Name, value.Name);
            writer.WriteEndObject();
        }
    }
}
