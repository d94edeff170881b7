using System.Globalization;
using RabbitMQ.Client;
using WorkflowSdk.Backends;

namespace WorkflowSdk.RabbitMQ.Internal;

/// <summary>The AMQP properties and headers of a work message.</summary>
internal static class MessageHeaders
{
    public const string Instance = "wf-instance";
    public const string Attempts = "wf-attempts";
    public const string Reason = "wf-reason";
    public const string SourceQueue = "wf-source-queue";

    public static BasicProperties Properties(WorkMessage message, bool compressed, int attempts)
    {
        var headers = new Dictionary<string, object?> { [Instance] = message.InstanceId };
        if (attempts > 0)
        {
            headers[Attempts] = attempts;
        }

        return new BasicProperties
        {
            MessageId = message.MessageId,
            ContentType = MessageBody.ContentType,
            ContentEncoding = compressed ? MessageBody.Lz4Encoding : null,
            DeliveryMode = DeliveryModes.Persistent,
            Type = message.Event.EventType.ToString(),
            Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
            Headers = headers,
        };
    }

    /// <summary>How many times the broker or this transport says a delivery was handed out before.</summary>
    public static int PreviousDeliveries(IReadOnlyBasicProperties properties, bool redelivered, bool quorumQueues)
    {
        var attempts = Int(properties, Attempts);
        var brokerCount = quorumQueues ? Int(properties, "x-delivery-count") : redelivered ? 1 : 0;
        return attempts + brokerCount;
    }

    public static string? String(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers is { } headers && headers.TryGetValue(name, out var value)
            ? value switch
            {
                byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
                string text => text,
                _ => null,
            }
            : null;

    public static int Int(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers is { } headers && headers.TryGetValue(name, out var value)
            ? value switch
            {
                int i => i,
                long l => (int)Math.Min(l, int.MaxValue),
                short s => s,
                byte b => b,
                byte[] bytes when int.TryParse(System.Text.Encoding.UTF8.GetString(bytes), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => 0,
            }
            : 0;
}
