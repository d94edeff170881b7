using Microsoft.Extensions.Logging;

namespace WorkflowSdk.RabbitMQ;

/// <summary>The RabbitMQ transport's log messages. Endpoints are logged without their password. Event ids 4000-4999 (docs/event-ids.md).</summary>
internal static partial class Logs
{
    [LoggerMessage(4001, LogLevel.Information, "Connected to {Endpoint} (connection #{Generation}); task hub '{HubName}' has {Partitions} partition(s) on {QueueType} queues.")]
    public static partial void Connected(this ILogger logger, string endpoint, long generation, string hubName, int partitions, string queueType);

    [LoggerMessage(4002, LogLevel.Warning, "Cannot connect to {Endpoint}; retrying in {Delay}.")]
    public static partial void ConnectFailed(this ILogger logger, Exception exception, string endpoint, TimeSpan delay);

    [LoggerMessage(4003, LogLevel.Warning, "Connection #{Generation} to {Endpoint} was lost ({Reason}); its unacknowledged messages go back to the queues and the transport reconnects.")]
    public static partial void ConnectionLost(this ILogger logger, string endpoint, long generation, string reason);

    [LoggerMessage(4004, LogLevel.Information, "Claimed orchestration partition {Partition} ({Owned} owned; {Members} worker(s) share {Partitions} partitions).")]
    public static partial void PartitionClaimed(this ILogger logger, int partition, int owned, uint members, int partitions);

    [LoggerMessage(4005, LogLevel.Information, "Released orchestration partition {Partition}: {Reason}.")]
    public static partial void PartitionReleased(this ILogger logger, int partition, string reason);

    [LoggerMessage(4006, LogLevel.Warning, "Lost orchestration partition {Partition} ({Reason}); its unacknowledged messages are delivered again.")]
    public static partial void PartitionLost(this ILogger logger, int partition, string reason);

    [LoggerMessage(4007, LogLevel.Error, "Dead-lettered a message from queue {Queue} (message id {MessageId}, instance {InstanceId}): {Reason}")]
    public static partial void DeadLettered(this ILogger logger, string queue, string? messageId, string? instanceId, string reason);

    [LoggerMessage(4008, LogLevel.Debug, "Dropped a duplicate delivery of message {MessageId} for instance {InstanceId}.")]
    public static partial void DuplicateDropped(this ILogger logger, string messageId, string instanceId);

    [LoggerMessage(4009, LogLevel.Warning, "Keeping the connection, partitions and consumers up failed; retrying in {Delay}.")]
    public static partial void MaintenanceFailed(this ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(4010, LogLevel.Error, "Handling a delivery from queue {Queue} failed; it will be delivered again.")]
    public static partial void DeliveryFailed(this ILogger logger, Exception exception, string queue);

    [LoggerMessage(4011, LogLevel.Information, "Stopped receiving orchestration work (no receive call for {Idle}); partitions released for other workers.")]
    public static partial void ReceiverIdle(this ILogger logger, TimeSpan idle);

    [LoggerMessage(4012, LogLevel.Warning, "Message {MessageId} for instance {InstanceId} arrived on partition {Partition} but hashes to partition {Expected}; a sender uses another PartitionCount.")]
    public static partial void WrongPartition(this ILogger logger, string messageId, string instanceId, int partition, int expected);
}
