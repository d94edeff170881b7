using MessagePack;
using WorkflowSdk.Backends;
using WorkflowSdk.Conformance;
using WorkflowSdk.History;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.RabbitMQ.Tests;

/// <summary>Duplicates, redeliveries, poison and malformed messages on a real broker: nothing lost, nothing applied twice.</summary>
public sealed class DeliveryTests
{
    private static readonly MessagePackPayloadSerializer Payloads = new();

    [Fact]
    public async Task A_message_published_twice_at_different_times_is_applied_once()
    {
        await using var host = new WorkflowTestHost(new RabbitMQBackendProvider());
        host.Registry.AddOrchestration<string, int>("Sum", async (ctx, _) =>
        {
            var sum = 0;
            for (var i = 0; i < 3; i++)
            {
                sum += await ctx.WaitForExternalEvent<int>("add");
            }

            return sum;
        });
        await host.StartWorkerAsync();
        var id = await host.Client.StartOrchestrationAsync("Sum");
        await host.WaitUntilAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running, "running");

        var first = BrokerTools.Raised(id, "add", Payloads.Serialize(1), messageId: "add-1");
        await host.Backend.Transport.SendAsync([first], default);
        await host.WaitUntilAsync(id, s => s.Events<EventRaisedEvent>().Count == 1, "first event applied");
        await host.Backend.Transport.SendAsync([first], default); // the same message again, after it was applied
        await host.Backend.Transport.SendAsync([BrokerTools.Raised(id, "add", Payloads.Serialize(10))], default);
        await host.Backend.Transport.SendAsync([BrokerTools.Raised(id, "add", Payloads.Serialize(100))], default);
        var status = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal(111, status.ReadOutputAs<int>());
        Assert.Equal(3, status.Events<EventRaisedEvent>().Count);
    }

    [Fact]
    public async Task A_burst_of_concurrent_starts_larger_than_the_publisher_pool_is_published_and_every_instance_completes()
    {
        // Regression: publishes beyond the channel pool used to open a channel each and Dispose() it synchronously,
        // which blocked pool threads until heartbeats stopped and the broker dropped the connection (a hang).
        await using var host = new WorkflowTestHost(new RabbitMQBackendProvider());
        host.Registry
            .AddOrchestration<int, int>("AddOne", (ctx, n) => ctx.CallActivityAsync<int>("Increment", n))
            .AddActivity<int, int>("Increment", n => n + 1);
        await host.StartWorkerAsync();

        var ids = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => host.Client.StartOrchestrationAsync("AddOne", i)));
        // A liveness bound, not a speed target: the broken pool recovered only after the broker dropped the connection, minutes later.
        var statuses = await Task.WhenAll(ids.Select(id => host.Client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(90))));

        Assert.All(statuses, s => Assert.Equal(OrchestrationRuntimeStatus.Completed, s.RuntimeStatus));
        Assert.Equal(Enumerable.Range(1, 500), statuses.Select(s => s.ReadOutputAs<int>()));
    }

    [Fact]
    public async Task Commits_whose_acknowledgement_is_lost_are_delivered_again_and_not_applied_twice()
    {
        var provider = new RabbitMQBackendProvider();
        await using var host = new WorkflowTestHost(provider);
        host.Registry
            .AddOrchestration<int, int>("Chain", async (ctx, n) =>
            {
                for (var i = 0; i < 3; i++)
                {
                    n = await ctx.CallActivityAsync<int>("Increment", n);
                }

                return n;
            })
            .AddActivity<int, int>("Increment", n => n + 1);
        var failedOnce = new HashSet<int>();
        var workerBackend = host.NewBackend();
        var flaky = new FlakyStore(workerBackend.Store)
        {
            // Every episode that records an activity result commits, then "crashes" before acknowledging its messages.
            FailAfterCommit = commit => commit.NewEvents.OfType<TaskCompletedEvent>().Any(e => { lock (failedOnce) { return failedOnce.Add(e.TaskId); } }),
        };
        await host.StartWorkerAsync(backend: new WorkflowBackend(flaky, workerBackend.Transport));

        var status = await host.RunAsync("Chain", 10);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal(13, status.ReadOutputAs<int>());
        Assert.Equal(3, flaky.FailedCommits);
        Assert.Equal([0, 1, 2], status.Events<TaskScheduledEvent>().Select(e => e.TaskId));
        Assert.Equal([0, 1, 2], status.Events<TaskCompletedEvent>().Select(e => e.TaskId));
    }

    [Fact]
    public async Task An_activity_call_nacked_by_a_stopping_worker_is_delivered_again_and_recorded_once()
    {
        var provider = new RabbitMQBackendProvider();
        await using var host = new WorkflowTestHost(provider);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deliveries = new List<int>();
        host.Registry
            .AddOrchestration<string, string>("Call", (ctx, input) => ctx.CallActivityAsync<string>("Slow", input))
            .AddActivity<string, string>("Slow", async (ctx, input) =>
            {
                lock (deliveries)
                {
                    deliveries.Add(ctx.DeliveryCount);
                }

                if (ctx.DeliveryCount == 1)
                {
                    started.TrySetResult();
                    await Task.Delay(Timeout.Infinite, ctx.CancellationToken); // cancelled when the worker is stopped
                }

                return input + "!";
            });
        var first = await host.StartWorkerAsync();
        var id = await host.Client.StartOrchestrationAsync("Call", "hello");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using (var abort = new CancellationTokenSource())
        {
            await abort.CancelAsync();
            await first.StopAsync(abort.Token); // cancels the running activity: its call is nacked back to the queue
        }

        await host.StartWorkerAsync(backend: host.NewBackend());
        var status = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal("hello!", status.ReadOutputAs<string>());
        // Run twice, recorded once. The second run's count is at least 2: a call the stopped worker's consumer still held
        // when it let go counts as delivered there too.
        Assert.Equal(2, deliveries.Count);
        Assert.Equal(1, deliveries[0]);
        Assert.True(deliveries[1] >= 2, $"second delivery count {deliveries[1]}");
        Assert.Single(status.Events<TaskCompletedEvent>());
    }

    [Fact]
    public async Task A_poison_message_is_dead_lettered_after_the_configured_attempts_its_instance_failed_and_the_worker_keeps_going()
    {
        var provider = new RabbitMQBackendProvider();
        await using var host = new WorkflowTestHost(provider);
        host.Registry
            .AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"))
            .AddOrchestration<string, string>("Echo", (_, input) => Task.FromResult(input));
        var workerBackend = host.NewBackend();
        var flaky = new FlakyStore(workerBackend.Store);
        await host.StartWorkerAsync(o => { o.CacheCapacity = 0; o.MaxDeliveryCount = 3; }, new WorkflowBackend(flaky, workerBackend.Transport));
        var id = await host.Client.StartOrchestrationAsync("Wait", instanceId: "poisoned");
        await host.WaitUntilAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running, "running");

        flaky.FailLoadHistory = instanceId => instanceId == "poisoned";
        await host.Client.RaiseEventAsync(id, "go", "now");
        var status = await host.WaitAsync(id);
        var healthy = await host.RunAsync("Echo", "still running");
        var transport = (RabbitMQTransport)host.Backend.Transport;
        var deadLetters = await BrokerTools.WaitForDeadLettersAsync(transport, 1);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal("WorkflowSdk.PoisonMessage", status.FailureDetails!.ErrorType);
        Assert.StartsWith("Messages for instance 'poisoned' were delivered 4 times without being processed (limit 3)", status.FailureDetails.Message, StringComparison.Ordinal);
        var deadLetter = Assert.Single(deadLetters);
        Assert.Equal(transport.PartitionQueueName(transport.PartitionOf("poisoned")), deadLetter.SourceQueue);
        Assert.Equal(status.FailureDetails.Message, deadLetter.Reason);
        Assert.Equal("go", Assert.IsType<EventRaisedEvent>(WireFormat.DecodeMessage(deadLetter.Body).Event).Name);
        Assert.Equal("still running", healthy.ReadOutputAs<string>());
    }

    [Theory]
    [InlineData("random bytes", false)]
    [InlineData("wrong schema", false)]
    [InlineData("oversized", false)]
    [InlineData("random bytes", true)]
    [InlineData("wrong schema", true)]
    public async Task A_malformed_message_is_dead_lettered_its_instance_failed_saying_so_and_the_worker_keeps_going(string kind, bool onActivityQueue)
    {
        var provider = new RabbitMQBackendProvider(o => o.MaxMessageBytes = 64 * 1024);
        await using var host = new WorkflowTestHost(provider);
        host.Registry
            .AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"))
            .AddOrchestration<string, string>("Echo", (_, input) => Task.FromResult(input));
        await host.StartWorkerAsync();
        var id = await host.Client.StartOrchestrationAsync("Wait", instanceId: "victim");
        await host.WaitUntilAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running, "running");
        var transport = (RabbitMQTransport)host.Backend.Transport;
        var body = kind switch
        {
            "random bytes" => RandomBytes(64),
            "wrong schema" => MessagePackSerializer.Serialize(new object[] { 1, "not", "a", "work", "message" }),
            _ => RandomBytes(100 * 1024),
        };

        var queue = onActivityQueue ? transport.ActivityQueueName : transport.PartitionQueueName(transport.PartitionOf(id));
        await BrokerTools.PublishRawAsync(queue, body, instanceId: id, messageId: "bad-1");
        var status = await host.WaitAsync(id);
        var healthy = await host.RunAsync("Echo", "still running");
        var deadLetters = await BrokerTools.WaitForDeadLettersAsync(transport, 1);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal("WorkflowSdk.PoisonMessage", status.FailureDetails!.ErrorType);
        Assert.StartsWith($"A message on queue '{queue}' (message id bad-1, {body.Length:N0} bytes) could not be decoded: ", status.FailureDetails.Message, StringComparison.Ordinal);
        Assert.EndsWith($"It was moved to queue '{transport.DeadLetterQueueName}'.", status.FailureDetails.Message, StringComparison.Ordinal);
        var deadLetter = Assert.Single(deadLetters);
        Assert.Equal(("bad-1", queue), (deadLetter.MessageId, deadLetter.SourceQueue));
        Assert.Equal(body, deadLetter.Body);
        Assert.Equal(status.FailureDetails.Message, deadLetter.Reason);
        Assert.Equal("still running", healthy.ReadOutputAs<string>());
    }

    [Fact]
    public async Task A_message_above_the_size_limit_is_refused_at_the_sender_with_the_sizes_and_nothing_is_published()
    {
        var provider = new RabbitMQBackendProvider(o => o.MaxMessageBytes = 64 * 1024);
        await using var host = new WorkflowTestHost(provider);
        await host.Backend.InitializeAsync();
        var transport = (RabbitMQTransport)host.Backend.Transport;
        var small = BrokerTools.Raised("i1", "ok", [1, 2, 3]);
        var large = BrokerTools.Raised("i1", "big", RandomBytes(200 * 1024));

        var error = await Assert.ThrowsAsync<PayloadSerializationException>(() => transport.SendAsync([small, large], default));

        Assert.Matches(@"^The EventRaised message \w+ for instance 'i1' is [\d,]+ bytes after compression \([\d,]+ before\), above the RabbitMQ transport's limit of 65,536 bytes", error.Message);
        Assert.Equal(0u, await BrokerTools.MessageCountAsync(transport.PartitionQueueName(transport.PartitionOf("i1"))));
    }

    [Fact]
    public async Task Messages_above_the_compression_threshold_travel_compressed_and_arrive_intact()
    {
        var provider = new RabbitMQBackendProvider(o => o.CompressionThresholdBytes = 1024);
        await using var host = new WorkflowTestHost(provider);
        host.Registry.AddOrchestration<string, string>("Echo", (ctx, _) => ctx.WaitForExternalEvent<string>("data"));
        await host.Backend.InitializeAsync();
        var transport = (RabbitMQTransport)host.Backend.Transport;
        var text = string.Concat(Enumerable.Repeat("compressible workflow payload ", 10_000));

        var id = await host.Client.StartOrchestrationAsync("Echo", instanceId: "big");
        await transport.SendAsync([BrokerTools.Raised(id, "data", Payloads.Serialize(text))], default);
        var onTheWire = await BrokerTools.PeekBodySizesAsync(transport.PartitionQueueName(transport.PartitionOf(id)));
        await host.StartWorkerAsync();
        var status = await host.WaitAsync(id);

        Assert.Contains(onTheWire, m => m.ContentEncoding == "lz4-msgpack" && m.Length < text.Length / 10);
        Assert.Equal(text, status.ReadOutputAs<string>());
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}
