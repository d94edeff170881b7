using System.Globalization;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.RabbitMQ.Internal;

namespace WorkflowSdk.RabbitMQ;

/// <summary>Publishing with confirms: work messages, dead letters and poison notices.</summary>
public sealed partial class RabbitMQTransport
{
    private const string InstanceHeader = "wf-instance";
    private const string AttemptsHeader = "wf-attempts";
    private const string ReasonHeader = "wf-reason";
    private const string SourceQueueHeader = "wf-source-queue";

    /// <summary>
    /// Publishes the messages and waits for the broker's confirms: when the task completes, every message is stored in
    /// its (durable) queue. Nothing is published when one message is too large.
    /// </summary>
    /// <param name="messages">The messages.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="PayloadSerializationException">A message is above <see cref="RabbitMQTransportOptions.MaxMessageBytes"/>.</exception>
    /// <exception cref="TimeoutException">The broker was not reachable within the connect timeout.</exception>
    public async Task SendAsync(IReadOnlyList<WorkMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (messages.Count == 0)
        {
            return;
        }

        var outgoing = new List<Outgoing>(messages.Count);
        foreach (var message in messages)
        {
            var (body, compressed) = _body.Encode(message);
            outgoing.Add(new Outgoing(WorkExchange, RoutingKey(message), Properties(message, compressed, attempts: 0), body));
        }

        await PublishAsync(outgoing, cancellationToken).ConfigureAwait(false);
    }

    private static BasicProperties Properties(WorkMessage message, bool compressed, int attempts)
    {
        var headers = new Dictionary<string, object?> { [InstanceHeader] = message.InstanceId };
        if (attempts > 0)
        {
            headers[AttemptsHeader] = attempts;
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

    /// <summary>Publishes on one pooled confirm channel, all at once, and waits for every confirm.</summary>
    private async Task PublishAsync(IReadOnlyList<Outgoing> outgoing, CancellationToken cancellationToken)
    {
        var session = await GetSessionAsync(cancellationToken).ConfigureAwait(false);
        var channel = await session.RentPublisherAsync(cancellationToken).ConfigureAwait(false);
        var healthy = false;
        try
        {
            var pending = new ValueTask[outgoing.Count];
            for (var i = 0; i < outgoing.Count; i++)
            {
                var o = outgoing[i];
                pending[i] = channel.BasicPublishAsync(o.Exchange, o.RoutingKey, mandatory: true, o.Properties, o.Body, cancellationToken);
            }

            Exception? failure = null;
            foreach (var publish in pending)
            {
                try
                {
                    await publish.ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    failure ??= ex;
                }
            }

            if (failure is PublishException { IsReturn: true })
            {
                throw new InvalidOperationException(
                    $"RabbitMQ could not route a message of task hub '{_options.HubName}': its queues do not exist on {Endpoint} " +
                    "(was the hub deleted while workers ran?).", failure);
            }

            if (failure is PublishException)
            {
                throw new IOException($"RabbitMQ at {Endpoint} refused (nacked) a message of task hub '{_options.HubName}'; it was not stored.", failure);
            }

            if (failure is not null)
            {
                throw failure is AlreadyClosedException or OperationInterruptedException
                    ? new IOException($"The connection to RabbitMQ at {Endpoint} failed while publishing; the messages may not be stored.", failure)
                    : failure;
            }

            healthy = true;
        }
        finally
        {
            await session.ReturnPublisherAsync(channel, healthy).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Moves a delivery to the dead-letter queue: publishes a copy with the reason (confirmed), tells the instance when
    /// <paramref name="notices"/> are given, then acknowledges the original. A crash in between delivers it again, which
    /// only repeats the copy.
    /// </summary>
    private async Task DeadLetterAsync(
        IChannel channel, ulong deliveryTag, string queue, ReadOnlyMemory<byte> body, IReadOnlyBasicProperties properties, string reason,
        IReadOnlyList<WorkMessage> notices, CancellationToken cancellationToken)
    {
        var copy = new BasicProperties(properties)
        {
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?>(properties.Headers ?? new Dictionary<string, object?>())
            {
                [ReasonHeader] = reason,
                [SourceQueueHeader] = queue,
            },
        };
        var outgoing = new List<Outgoing> { new(DeadLetterExchange, queue, copy, body) };
        foreach (var notice in notices)
        {
            var (noticeBody, compressed) = _body.Encode(notice);
            outgoing.Add(new Outgoing(WorkExchange, RoutingKey(notice), Properties(notice, compressed, 0), noticeBody));
        }

        await PublishAsync(outgoing, cancellationToken).ConfigureAwait(false);
        _logger.DeadLettered(queue, properties.MessageId, HeaderString(properties, InstanceHeader), reason);
        await AckQuietlyAsync(channel, deliveryTag).ConfigureAwait(false);
    }

    /// <summary>Dead-letters a delivery that cannot be decoded; its instance (when the header names one) is failed saying so.</summary>
    private Task QuarantineAsync(IChannel channel, ulong deliveryTag, string queue, ReadOnlyMemory<byte> body, IReadOnlyBasicProperties properties, string error)
    {
        var instanceId = HeaderString(properties, InstanceHeader);
        var reason = $"A message on queue '{queue}' (message id {properties.MessageId ?? "none"}, {body.Length:N0} bytes) could not be decoded: " +
                     $"{error} It was moved to queue '{DeadLetterQueueName}'.";
        var notices = new List<WorkMessage>();
        if (!string.IsNullOrEmpty(instanceId) && instanceId.Length <= 256)
        {
            notices.Add(new WorkMessage
            {
                MessageId = $"poison-{properties.MessageId ?? WorkMessage.NewId()}",
                InstanceId = instanceId,
                Event = new ExecutionFailedEvent
                {
                    Timestamp = Now,
                    FailureDetails = new FailureDetails("WorkflowSdk.PoisonMessage", reason, IsNonRetriable: true),
                },
            });
        }

        return DeadLetterAsync(channel, deliveryTag, queue, body, properties, reason, notices, _stopping.Token);
    }

    /// <summary>How many times the broker or this transport says a delivery was handed out before.</summary>
    private int PreviousDeliveries(IReadOnlyBasicProperties properties, bool redelivered)
    {
        var attempts = HeaderInt(properties, AttemptsHeader);
        var brokerCount = _options.UseQuorumQueues ? HeaderInt(properties, "x-delivery-count") : redelivered ? 1 : 0;
        return attempts + brokerCount;
    }

    private static string? HeaderString(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers is { } headers && headers.TryGetValue(name, out var value)
            ? value switch
            {
                byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
                string text => text,
                _ => null,
            }
            : null;

    private static int HeaderInt(IReadOnlyBasicProperties properties, string name) =>
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

    private static async Task AckQuietlyAsync(IChannel channel, ulong deliveryTag)
    {
        try
        {
            await channel.BasicAckAsync(deliveryTag, multiple: false).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or ObjectDisposedException)
        {
            // The channel is gone, so the broker delivers the message again; it is a duplicate then, dropped downstream.
        }
    }

    private static async Task CloseQuietlyAsync(IChannel channel)
    {
        try
        {
            if (channel.IsOpen)
            {
                await channel.CloseAsync().ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // Closing a broken channel: nothing left to release.
        }

        await channel.DisposeAsync().ConfigureAwait(false);
    }

    private sealed record Outgoing(string Exchange, string RoutingKey, BasicProperties Properties, ReadOnlyMemory<byte> Body);
}
