using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace WorkflowSdk.RabbitMQ.Internal;

/// <summary>Declaring (idempotently) and deleting a task hub's exchanges and queues.</summary>
internal sealed class HubTopology(RabbitMQTransportOptions options, HubNames names, string endpoint)
{
    private const ushort PreconditionFailed = 406;

    /// <summary>Declares the hub's exchanges and queues (idempotent) on the session's control channel.</summary>
    public async Task DeclareAsync(Session session, CancellationToken cancellationToken)
    {
        var channel = await session.ControlAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // First, because its x-max-length records the partition count: a process configured with another count
            // fails here (PRECONDITION_FAILED, inequivalent arg) before it routes anything to the wrong partition.
            await channel.QueueDeclareAsync(names.MembersQueue, durable: true, exclusive: false, autoDelete: false,
                new Dictionary<string, object?> { ["x-max-length"] = options.PartitionCount, ["x-queue-type"] = "classic" },
                cancellationToken: cancellationToken).ConfigureAwait(false);

            await channel.ExchangeDeclareAsync(names.DeadLetterExchange, ExchangeType.Fanout, durable: true, autoDelete: false,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueDeclareAsync(names.DeadLetterQueue, durable: true, exclusive: false, autoDelete: false, QueueArguments(),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueBindAsync(names.DeadLetterQueue, names.DeadLetterExchange, string.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);

            await channel.ExchangeDeclareAsync(names.WorkExchange, ExchangeType.Direct, durable: true, autoDelete: false,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueDeclareAsync(names.ActivityQueue, durable: true, exclusive: false, autoDelete: false, WorkQueueArguments(singleActiveConsumer: false),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueBindAsync(names.ActivityQueue, names.WorkExchange, "activity", cancellationToken: cancellationToken).ConfigureAwait(false);
            for (var partition = 0; partition < options.PartitionCount; partition++)
            {
                var queue = names.PartitionQueue(partition);
                await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, WorkQueueArguments(singleActiveConsumer: true),
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                await channel.QueueBindAsync(queue, names.WorkExchange, $"orchestration.{partition}", cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == PreconditionFailed)
        {
            throw new InvalidOperationException(
                $"The task hub '{options.HubName}' on {endpoint} already exists with other settings ({ex.ShutdownReason.ReplyText}). " +
                $"Every worker and client of a hub must use the same PartitionCount (here {options.PartitionCount}) and UseQuorumQueues " +
                $"(here {options.UseQuorumQueues}); use another HubName for other settings.",
                ex);
        }
    }

    private Dictionary<string, object?> QueueArguments() =>
        new() { ["x-queue-type"] = options.UseQuorumQueues ? "quorum" : "classic" };

    private Dictionary<string, object?> WorkQueueArguments(bool singleActiveConsumer)
    {
        var arguments = QueueArguments();
        arguments["x-dead-letter-exchange"] = names.DeadLetterExchange;
        if (singleActiveConsumer)
        {
            // A safety net under the partition locks: even two consumers on one partition never both receive.
            arguments["x-single-active-consumer"] = true;
        }

        return arguments;
    }

    /// <summary>Deletes the hub's queues and exchanges, with every message in them, on a connection of its own.</summary>
    public async Task DeleteAsync(IConnection connection, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        for (var partition = 0; partition < options.PartitionCount; partition++)
        {
            await channel.QueueDeleteAsync(names.PartitionQueue(partition), ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        await channel.QueueDeleteAsync(names.ActivityQueue, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueDeleteAsync(names.DeadLetterQueue, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueDeleteAsync(names.MembersQueue, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.ExchangeDeleteAsync(names.WorkExchange, ifUnused: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.ExchangeDeleteAsync(names.DeadLetterExchange, ifUnused: false, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
