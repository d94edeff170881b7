using System.Collections.Concurrent;

namespace WorkflowSdk.RabbitMQ.Tests;

/// <summary>Partitions spread over the live receivers, move when one joins, and are taken over when one goes.</summary>
public sealed class PartitionBalancingTests
{
    [Fact]
    public async Task Partitions_are_split_between_receivers_and_taken_over_when_one_goes()
    {
        var provider = new RabbitMQBackendProvider(o => o.PartitionCount = 6);
        var received = new ConcurrentBag<string>();
        try
        {
            await using var first = new RabbitMQTransport(provider.TransportOptions());
            using var stopFirst = new CancellationTokenSource();
            var firstLoop = ReceiveLoopAsync(first, received, stopFirst.Token);
            await WaitUntilAsync(() => first.OwnedPartitions.Count == 6, "the only receiver owns every partition");

            var second = new RabbitMQTransport(provider.TransportOptions());
            using var stopSecond = new CancellationTokenSource();
            var secondLoop = ReceiveLoopAsync(second, received, stopSecond.Token);
            await WaitUntilAsync(() => first.OwnedPartitions.Count == 3 && second.OwnedPartitions.Count == 3, "three partitions each");
            Assert.Empty(first.OwnedPartitions.Intersect(second.OwnedPartitions));

            var ids = Enumerable.Range(0, 60).Select(i => $"balance-{i}").ToList();
            await first.SendAsync(ids.Take(30).Select(id => BrokerTools.Raised(id, "e", null)).ToList(), default);
            await WaitUntilAsync(() => received.Count == 30, "the first half received by the two receivers");

            // The second receiver goes away (as a crashed process would): its partitions come back to the first.
            await stopSecond.CancelAsync();
            await secondLoop;
            await second.DisposeAsync();
            await first.SendAsync(ids.Skip(30).Select(id => BrokerTools.Raised(id, "e", null)).ToList(), default);
            await WaitUntilAsync(() => first.OwnedPartitions.Count == 6, "the survivor owns every partition again");
            await WaitUntilAsync(() => received.Count == 60, "every message received");
            await stopFirst.CancelAsync();
            await firstLoop;

            Assert.Equal(ids.Order(), received.Order());
        }
        finally
        {
            await provider.CleanupAsync();
        }
    }

    private static async Task ReceiveLoopAsync(RabbitMQTransport transport, ConcurrentBag<string> received, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (await transport.ReceiveOrchestrationWorkItemAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None) is { } item)
            {
                foreach (var message in item.Messages)
                {
                    received.Add(message.InstanceId);
                }

                await item.CompleteAsync(default);
            }
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) =>
        Eventually.Until(condition, what, interval: TimeSpan.FromMilliseconds(50));
}
