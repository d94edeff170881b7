using System.Buffers;
using System.Text;
using System.Text.Json;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.History;

/// <summary>Renders history as JSON for people (the CLI, logs, bug reports); payloads appear as JSON values.</summary>
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
        writer.WriteStartObject();
        writer.WriteString("type", e.EventType.ToString());
        writer.WriteString("timestamp", e.Timestamp);
        if (e.MessageId is not null)
        {
            writer.WriteString("messageId", e.MessageId);
        }

        switch (e)
        {
            case ScheduledActionEvent action:
                writer.WriteNumber("taskId", action.TaskId);
                break;
            case ActionResultEvent result:
                writer.WriteNumber("taskId", result.TaskId);
                break;
        }

        switch (e)
        {
            case ExecutionStartedEvent x:
                writer.WriteString("name", x.Name);
                WriteOptional(writer, "version", x.Version);
                writer.WriteString("executionId", x.ExecutionId);
                WritePayload(writer, "input", x.Input, codec);
                if (x.Parent is { } parent)
                {
                    writer.WriteStartObject("parent");
                    writer.WriteString("instanceId", parent.InstanceId);
                    writer.WriteString("executionId", parent.ExecutionId);
                    writer.WriteNumber("taskId", parent.TaskId);
                    writer.WriteString("name", parent.Name);
                    writer.WriteEndObject();
                }

                if (x.Generation > 0)
                {
                    writer.WriteNumber("generation", x.Generation);
                }

                WriteOptional(writer, "traceParent", x.TraceParent);

                break;
            case ExecutionCompletedEvent x:
                WritePayload(writer, "result", x.Result, codec);
                break;
            case ExecutionFailedEvent x:
                WriteFailure(writer, x.FailureDetails);
                break;
            case ExecutionTerminatedEvent x:
                WritePayload(writer, "reason", x.Reason, codec);
                break;
            case ExecutionContinuedAsNewEvent x:
                WritePayload(writer, "input", x.Input, codec);
                writer.WriteString("newExecutionId", x.NewExecutionId);
                break;
            case ExecutionSuspendedEvent x:
                WriteOptional(writer, "reason", x.Reason);
                break;
            case ExecutionResumedEvent x:
                WriteOptional(writer, "reason", x.Reason);
                break;
            case TaskScheduledEvent x:
                writer.WriteString("name", x.Name);
                WritePayload(writer, "input", x.Input, codec);
                break;
            case TaskCompletedEvent x:
                WritePayload(writer, "result", x.Result, codec);
                break;
            case TaskFailedEvent x:
                WriteFailure(writer, x.FailureDetails);
                break;
            case TimerCreatedEvent x:
                writer.WriteString("fireAt", x.FireAt);
                break;
            case TimerFiredEvent x:
                writer.WriteString("fireAt", x.FireAt);
                break;
            case EventRaisedEvent x:
                writer.WriteString("name", x.Name);
                WritePayload(writer, "input", x.Input, codec);
                break;
            case EventSentEvent x:
                writer.WriteString("targetInstanceId", x.TargetInstanceId);
                writer.WriteString("name", x.Name);
                WritePayload(writer, "input", x.Input, codec);
                break;
            case SubOrchestrationInstanceCreatedEvent x:
                writer.WriteString("name", x.Name);
                WriteOptional(writer, "version", x.Version);
                writer.WriteString("instanceId", x.InstanceId);
                WritePayload(writer, "input", x.Input, codec);
                break;
            case SubOrchestrationInstanceCompletedEvent x:
                WritePayload(writer, "result", x.Result, codec);
                break;
            case SubOrchestrationInstanceFailedEvent x:
                WriteFailure(writer, x.FailureDetails);
                break;
        }

        if (e is ScheduledActionEvent { Source: { } source })
        {
            writer.WriteString("source", source);
        }

        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
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

    private static void WriteFailure(Utf8JsonWriter writer, FailureDetails failure)
    {
        writer.WritePropertyName("failure");
        WriteFailureValue(writer, failure);
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

        if (failure.InnerFailure is { } inner)
        {
            writer.WritePropertyName("inner");
            WriteFailureValue(writer, inner);
        }

        writer.WriteEndObject();
    }
}
