using WorkflowSdk.Backends;
using WorkflowSdk.History;

namespace WorkflowSdk.Conformance;

/// <summary>
/// What every <see cref="IWorkflowTransport"/> guarantees: an instance's messages together and in order, one
/// receiver per instance at a time, redelivery of what was not completed, leases on activity calls, delayed delivery.
/// </summary>
public abstract class TransportConformanceTests : ConformanceTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [ConformanceFact]
    public async Task An_instances_messages_arrive_together_and_in_the_order_sent()
    {
        await using var host = CreateHost();
        var transport = await TransportAsync(host);

        await transport.SendAsync([Raised("i1", "a"), Raised("i1", "b")], default);
        await transport.SendAsync([Raised("i1", "c")], default);
        var item = await ReceiveOrchestrationAsync(transport);

        Assert.Equal("i1", item.InstanceId);
        Assert.Equal(["a", "b", "c"], Names(item));
        Assert.Equal(1, item.DeliveryCount);
        await item.CompleteAsync(default);
        Assert.Null(await transport.ReceiveOrchestrationWorkItemAsync(TimeSpan.FromMilliseconds(200), default));
    }

    [ConformanceFact]
    public async Task While_an_instances_work_item_is_out_its_new_messages_go_to_nobody_else_and_follow_after_completion()
    {
        await using var host = CreateHost();
        var transport = await TransportAsync(host);
        var other = host.NewBackend().Transport;

        await transport.SendAsync([Raised("i1", "first")], default);
        var item = await ReceiveOrchestrationAsync(transport);
        await transport.SendAsync([Raised("i1", "second"), Raised("i2", "elsewhere")], default);

        // Which receiver gets an instance is the transport's choice (a partitioned transport gives each instance to the
        // receiver that owns its partition); what is pinned is that another instance is not held up, and that no receiver
        // gets i1's new message while i1's work item is out.
        var meanwhile = await ReceiveFromAnyAsync(transport, other);
        Assert.Equal("i2", meanwhile.InstanceId);
        await meanwhile.CompleteAsync(default);
        Assert.Null(await TryReceiveFromAnyAsync(TimeSpan.FromMilliseconds(600), transport, other));

        await item.CompleteAsync(default);
        var next = await ReceiveFromAnyAsync(transport, other);
        Assert.Equal("i1", next.InstanceId);
        Assert.Equal(["second"], Names(next));
        await next.CompleteAsync(default);
    }

    [ConformanceFact]
    public async Task An_abandoned_work_item_is_delivered_again_with_a_higher_delivery_count()
    {
        await using var host = CreateHost();
        var transport = await TransportAsync(host);
        await transport.SendAsync([Raised("i1", "a")], default);

        var first = await ReceiveOrchestrationAsync(transport);
        await first.AbandonAsync(TimeSpan.Zero, default);
        var second = await ReceiveOrchestrationAsync(transport);

        Assert.Equal(["a"], Names(second));
        Assert.Equal(2, second.DeliveryCount);
        await second.CompleteAsync(default);
    }

    [ConformanceFact]
    public async Task A_work_item_whose_receiver_crashed_is_delivered_to_another_receiver()
    {
        var provider = CreateProvider();
        await using var host = new WorkflowTestHost(provider);
        var transport = await TransportAsync(host);
        var crashing = host.NewBackend();
        await transport.SendAsync([Raised("i1", "a")], default);

        _ = await ReceiveOrchestrationAsync(crashing.Transport);
        await crashing.DisposeAsync(); // the worker process dies without completing its work item
        var again = await transport.ReceiveOrchestrationWorkItemAsync(provider.LeaseDuration + Wait, default);

        Assert.NotNull(again);
        Assert.Equal(["a"], Names(again));
        Assert.True(again.DeliveryCount >= 2);
        await again.CompleteAsync(default);
    }

    [ConformanceFact]
    public async Task A_message_due_later_is_not_delivered_before_its_time()
    {
        await using var host = CreateHost();
        var transport = await TransportAsync(host);
        var due = DateTime.UtcNow.AddMilliseconds(700);

        await transport.SendAsync([Raised("i1", "later") with { VisibleAtUtc = due }], default);
        Assert.Null(await transport.ReceiveOrchestrationWorkItemAsync(TimeSpan.FromMilliseconds(300), default));
        var item = await ReceiveOrchestrationAsync(transport);

        Assert.True(DateTime.UtcNow >= due);
        Assert.Equal(["later"], Names(item));
        await item.CompleteAsync(default);
    }

    [ConformanceFact]
    public async Task An_activity_call_goes_to_one_worker_and_its_result_to_the_calling_instance()
    {
        await using var host = CreateHost();
        var transport = await TransportAsync(host);
        var other = host.NewBackend().Transport;
        await transport.SendAsync([Call("i1", 3, "Charge")], default);

        var call = await ReceiveActivityAsync(transport);
        Assert.Null(await other.ReceiveActivityWorkItemAsync(TimeSpan.FromMilliseconds(300), default));
        var completed = await call.CompleteAsync(Result(call.Message, 3), default);
        var result = await ReceiveOrchestrationAsync(transport);

        Assert.True(completed);
        Assert.Equal(("Charge", 3, 1), (((TaskScheduledEvent)call.Message.Event).Name, ((TaskScheduledEvent)call.Message.Event).TaskId, call.DeliveryCount));
        Assert.Equal(3, Assert.IsType<TaskCompletedEvent>(Assert.Single(result.Messages).Event).TaskId);
        await result.CompleteAsync(default);
    }

    [ConformanceFact]
    public async Task An_activity_call_whose_receiver_crashed_is_delivered_again_and_completed_once()
    {
        var provider = CreateProvider();
        await using var host = new WorkflowTestHost(provider);
        var transport = await TransportAsync(host);
        var crashing = host.NewBackend();
        await transport.SendAsync([Call("i1", 0, "Slow")], default);

        _ = await ReceiveActivityAsync(crashing.Transport);
        await crashing.DisposeAsync();
        var taken = await transport.ReceiveActivityWorkItemAsync(provider.LeaseDuration + Wait, default);

        Assert.NotNull(taken);
        Assert.True(taken.DeliveryCount >= 2);
        Assert.True(await taken.RenewLeaseAsync(default));
        Assert.True(await taken.CompleteAsync(Result(taken.Message, 0), default));
        var results = await ReceiveOrchestrationAsync(transport);
        Assert.Single(results.Messages);
        await results.CompleteAsync(default);
        Assert.Null(await transport.ReceiveActivityWorkItemAsync(TimeSpan.FromMilliseconds(300), default));
    }

    [ConformanceFact]
    public async Task A_dead_lettered_activity_call_is_not_delivered_again_and_its_caller_gets_the_failure()
    {
        await using var host = CreateHost();
        var transport = await TransportAsync(host);
        await transport.SendAsync([Call("i1", 5, "Poison")], default);

        var call = await ReceiveActivityAsync(transport);
        var failure = call.Message with
        {
            MessageId = call.Message.MessageId + ".result",
            Event = new TaskFailedEvent { TaskId = 5, FailureDetails = new FailureDetails("WorkflowSdk.PoisonMessage", "gave up") },
        };
        await call.DeadLetterAsync("gave up", failure, default);

        Assert.Null(await transport.ReceiveActivityWorkItemAsync(TimeSpan.FromMilliseconds(300), default));
        var result = await ReceiveOrchestrationAsync(transport);
        Assert.Equal("gave up", Assert.IsType<TaskFailedEvent>(Assert.Single(result.Messages).Event).FailureDetails.Message);
        await result.CompleteAsync(default);
    }

    private static async Task<IWorkflowTransport> TransportAsync(WorkflowTestHost host)
    {
        await host.Backend.InitializeAsync();
        return host.Backend.Transport;
    }

    private static async Task<OrchestrationWorkItem> ReceiveOrchestrationAsync(IWorkflowTransport transport) =>
        await transport.ReceiveOrchestrationWorkItemAsync(Wait, default) ?? throw new TimeoutException("No orchestration work item arrived.");

    private static async Task<OrchestrationWorkItem> ReceiveFromAnyAsync(params IWorkflowTransport[] transports) =>
        await TryReceiveFromAnyAsync(Wait, transports) ?? throw new TimeoutException("No orchestration work item arrived at any receiver.");

    /// <summary>Asks each receiver in turn (briefly) until one has work or the time is up.</summary>
    private static async Task<OrchestrationWorkItem?> TryReceiveFromAnyAsync(TimeSpan wait, params IWorkflowTransport[] transports)
    {
        try
        {
            return await Eventually.Value(
                async _ =>
                {
                    foreach (var transport in transports)
                    {
                        if (await transport.ReceiveOrchestrationWorkItemAsync(TimeSpan.FromMilliseconds(50), default) is { } item)
                        {
                            return item;
                        }
                    }

                    return null;
                },
                item => item is not null,
                "a receiver has an orchestration work item",
                timeout: wait,
                interval: TimeSpan.Zero);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private static async Task<ActivityWorkItem> ReceiveActivityAsync(IWorkflowTransport transport) =>
        await transport.ReceiveActivityWorkItemAsync(Wait, default) ?? throw new TimeoutException("No activity work item arrived.");

    private static IReadOnlyList<string> Names(OrchestrationWorkItem item) =>
        item.Messages.Select(m => ((EventRaisedEvent)m.Event).Name).ToList();

    private static WorkMessage Raised(string instanceId, string name) =>
        new() { MessageId = WorkMessage.NewId(), InstanceId = instanceId, Event = new EventRaisedEvent { Name = name } };

    private static WorkMessage Call(string instanceId, int taskId, string name) =>
        new() { MessageId = WorkMessage.NewId(), InstanceId = instanceId, ExecutionId = "e", Event = new TaskScheduledEvent { TaskId = taskId, Name = name } };

    private static WorkMessage Result(WorkMessage call, int taskId) =>
        call with { MessageId = call.MessageId + ".result", Event = new TaskCompletedEvent { TaskId = taskId, Result = [1] } };
}
