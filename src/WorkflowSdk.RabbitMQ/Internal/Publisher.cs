using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using WorkflowSdk.Backends;
using WorkflowSdk.History;

namespace WorkflowSdk.RabbitMQ.Internal;

/// <summary>
/// Publishing with confirms: work messages, dead letters and poison notices. Every publish goes out on one pooled
/// confirm channel of the current session (<see cref="ConfirmChannelPool"/>, which owns the channels and their slots)
/// and waits for every confirm; the publisher itself holds no mutable state.
/// </summary>
internal sealed class Publisher(
    HubNames names, string endpoint, MessageBody body, TimeProvider timeProvider, ILogger logger, Func<CancellationToken, Task<Session>> getSession)
{
    /// <summary>Encodes and publishes work messages and waits for their confirms. Nothing is published when one is too large.</summary>
    public Task SendAsync(IReadOnlyList<WorkMessage> messages, CancellationToken cancellationToken)
    {
        var outgoing = new List<Outgoing>(messages.Count);
        foreach (var message in messages)
        {
            outgoing.Add(Work(message, attempts: 0));
        }

        return PublishAsync(outgoing, cancellationToken);
    }

    /// <summary>A work message ready to publish on the work exchange, with its delivery count in a header when above 0.</summary>
    public Outgoing Work(WorkMessage message, int attempts)
    {
        var (encoded, compressed) = body.Encode(message);
        return new Outgoing(names.WorkExchange, names.RoutingKey(message), MessageHeaders.Properties(message, compressed, attempts), encoded);
    }

    /// <summary>Publishes on one pooled confirm channel, all at once, and waits for every confirm.</summary>
    public async Task PublishAsync(IReadOnlyList<Outgoing> outgoing, CancellationToken cancellationToken)
    {
        var session = await getSession(cancellationToken).ConfigureAwait(false);
        var channel = await session.Publishers.RentAsync(cancellationToken).ConfigureAwait(false);
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
                    $"RabbitMQ could not route a message of task hub '{names.HubName}': its queues do not exist on {endpoint} " +
                    "(was the hub deleted while workers ran?).", failure);
            }

            if (failure is PublishException)
            {
                throw new IOException($"RabbitMQ at {endpoint} refused (nacked) a message of task hub '{names.HubName}'; it was not stored.", failure);
            }

            if (failure is not null)
            {
                throw failure is AlreadyClosedException or OperationInterruptedException
                    ? new IOException($"The connection to RabbitMQ at {endpoint} failed while publishing; the messages may not be stored.", failure)
                    : failure;
            }

            healthy = true;
        }
        finally
        {
            await session.Publishers.ReturnAsync(channel, healthy).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Moves a delivery to the dead-letter queue: publishes a copy with the reason (confirmed), tells the instance when
    /// <paramref name="notices"/> are given, then acknowledges the original. A crash in between delivers it again, which
    /// only repeats the copy.
    /// </summary>
    public async Task DeadLetterAsync(
        IChannel channel, ulong deliveryTag, string queue, ReadOnlyMemory<byte> body, IReadOnlyBasicProperties properties, string reason,
        IReadOnlyList<WorkMessage> notices, CancellationToken cancellationToken)
    {
        var copy = new BasicProperties(properties)
        {
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?>(properties.Headers ?? new Dictionary<string, object?>())
            {
                [MessageHeaders.Reason] = reason,
                [MessageHeaders.SourceQueue] = queue,
            },
        };
        var outgoing = new List<Outgoing> { new(names.DeadLetterExchange, queue, copy, body) };
        foreach (var notice in notices)
        {
            outgoing.Add(Work(notice, 0));
        }

        await PublishAsync(outgoing, cancellationToken).ConfigureAwait(false);
        logger.DeadLettered(queue, properties.MessageId, MessageHeaders.String(properties, MessageHeaders.Instance), reason);
        await ChannelOps.AckQuietlyAsync(channel, deliveryTag).ConfigureAwait(false);
    }

    /// <summary>Dead-letters a delivery that cannot be decoded; its instance (when the header names one) is failed saying so.</summary>
    public Task QuarantineAsync(
        IChannel channel, ulong deliveryTag, string queue, ReadOnlyMemory<byte> body, IReadOnlyBasicProperties properties, string error,
        CancellationToken cancellationToken)
    {
        var instanceId = MessageHeaders.String(properties, MessageHeaders.Instance);
        var reason = $"A message on queue '{queue}' (message id {properties.MessageId ?? "none"}, {body.Length:N0} bytes) could not be decoded: " +
                     $"{error} It was moved to queue '{names.DeadLetterQueue}'.";
        var notices = new List<WorkMessage>();
        if (!string.IsNullOrEmpty(instanceId) && instanceId.Length <= 256)
        {
            notices.Add(new WorkMessage
            {
                MessageId = $"poison-{properties.MessageId ?? WorkMessage.NewId()}",
                InstanceId = instanceId,
                Event = new ExecutionFailedEvent
                {
                    Timestamp = timeProvider.GetUtcNow().UtcDateTime,
                    FailureDetails = new FailureDetails("WorkflowSdk.PoisonMessage", reason, IsNonRetriable: true),
                },
            });
        }

        return DeadLetterAsync(channel, deliveryTag, queue, body, properties, reason, notices, cancellationToken);
    }
}

/// <summary>One message to publish.</summary>
internal sealed record Outgoing(string Exchange, string RoutingKey, BasicProperties Properties, ReadOnlyMemory<byte> Body);
