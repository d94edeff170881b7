using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using WorkflowSdk.RabbitMQ.Internal;

namespace WorkflowSdk.RabbitMQ;

/// <summary>Declaring (idempotently) and deleting a task hub's exchanges and queues.</summary>
public sealed partial class RabbitMQTransport
{
    private const ushort PreconditionFailed = 406;

    private async Task DeclareTopologyAsync(Session session, CancellationToken cancellationToken)
    {
        var channel = await session.ControlAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // First, because its x-max-length records the partition count: a process configured with another count
            // fails here (PRECONDITION_FAILED, inequivalent arg) before it routes anything to the wrong partition.
            await channel.QueueDeclareAsync(MembersQueue, durable: true, exclusive: false, autoDelete: false,
                new Dictionary<string, object?> { ["x-max-length"] = _options.PartitionCount, ["x-queue-type"] = "classic" },
                cancellationToken: cancellationToken).ConfigureAwait(false);

            await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Fanout, durable: true, autoDelete: false,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueDeclareAsync(DeadLetterQueueName, durable: true, exclusive: false, autoDelete: false, QueueArguments(),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueBindAsync(DeadLetterQueueName, DeadLetterExchange, string.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);

            await channel.ExchangeDeclareAsync(WorkExchange, ExchangeType.Direct, durable: true, autoDelete: false,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueDeclareAsync(ActivityQueueName, durable: true, exclusive: false, autoDelete: false, WorkQueueArguments(singleActiveConsumer: false),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueBindAsync(ActivityQueueName, WorkExchange, "activity", cancellationToken: cancellationToken).ConfigureAwait(false);
            for (var partition = 0; partition < _options.PartitionCount; partition++)
            {
                var queue = PartitionQueueName(partition);
                await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, WorkQueueArguments(singleActiveConsumer: true),
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                await channel.QueueBindAsync(queue, WorkExchange, $"orchestration.{partition}", cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == PreconditionFailed)
        {
            throw new InvalidOperationException(
                $"The task hub '{_options.HubName}' on {Endpoint} already exists with other settings ({ex.ShutdownReason.ReplyText}). " +
                $"Every worker and client of a hub must use the same PartitionCount (here {_options.PartitionCount}) and UseQuorumQueues " +
                $"(here {_options.UseQuorumQueues}); use another HubName for other settings.",
                ex);
        }
    }

    private Dictionary<string, object?> QueueArguments() =>
        new() { ["x-queue-type"] = _options.UseQuorumQueues ? "quorum" : "classic" };

    private Dictionary<string, object?> WorkQueueArguments(bool singleActiveConsumer)
    {
        var arguments = QueueArguments();
        arguments["x-dead-letter-exchange"] = DeadLetterExchange;
        if (singleActiveConsumer)
        {
            // A safety net under the partition locks: even two consumers on one partition never both receive.
            arguments["x-single-active-consumer"] = true;
        }

        return arguments;
    }

    /// <summary>
    /// Deletes the task hub's queues and exchanges, <b>with every message in them</b> (for tests and decommissioning).
    /// Workers of the hub must be stopped first.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    public async Task DeleteHubAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var connection = await ConnectWithBackOffAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            for (var partition = 0; partition < _options.PartitionCount; partition++)
            {
                await channel.QueueDeleteAsync(PartitionQueueName(partition), ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            await channel.QueueDeleteAsync(ActivityQueueName, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueDeleteAsync(DeadLetterQueueName, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueDeleteAsync(MembersQueue, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.ExchangeDeleteAsync(WorkExchange, ifUnused: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.ExchangeDeleteAsync(DeadLetterExchange, ifUnused: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await connection.CloseAsync(cancellationToken).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
