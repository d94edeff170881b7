using System.Globalization;
using WorkflowSdk.Backends;

namespace WorkflowSdk.RabbitMQ.Internal;

/// <summary>The names of a task hub's exchanges, queues and routing keys (one place for every part of the transport).</summary>
internal sealed class HubNames(string hubName, int partitionCount)
{
    public string HubName => hubName;

    public int PartitionCount => partitionCount;

    public string WorkExchange => $"{hubName}.work";

    public string DeadLetterExchange => $"{hubName}.dead-letter";

    public string MembersQueue => $"{hubName}.members";

    public string DeadLetterQueue => $"{hubName}.dead-letters";

    public string ActivityQueue => $"{hubName}.activities";

    public string PartitionQueue(int partition) => $"{hubName}.orchestrations.{partition.ToString(CultureInfo.InvariantCulture)}";

    public string LockQueue(int partition) => $"{hubName}.partition-lock.{partition.ToString(CultureInfo.InvariantCulture)}";

    public int PartitionOf(string instanceId) => PartitionHash.PartitionOf(instanceId, partitionCount);

    public string RoutingKey(WorkMessage message) =>
        message.Queue == WorkQueue.Activity ? "activity" : $"orchestration.{PartitionOf(message.InstanceId).ToString(CultureInfo.InvariantCulture)}";
}
