using WorkflowSdk.History;

namespace WorkflowSdk.Conformance;

/// <summary>External events: case-insensitive names, buffering, first-come first-served waiters, timeouts.</summary>
public abstract class ExternalEventTests : ConformanceTests
{
    [ConformanceFact]
    public async Task Event_names_match_case_insensitively()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("Approval"));
        await host.StartWorkerAsync();

        var id = await host.Client.StartOrchestrationAsync("Wait");
        await host.Client.RaiseEventAsync(id, "APPROVAL", "yes");
        var status = await host.WaitAsync(id);

        Assert.Equal("yes", status.ReadOutputAs<string>());
    }

    [ConformanceFact]
    public async Task Events_that_arrive_before_anyone_waits_are_buffered_first_in_first_out()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, string[]>("Buffer", async (ctx, _) =>
        {
            await ctx.WaitForExternalEvent<string>("go");
            return
            [
                await ctx.WaitForExternalEvent<string>("item"),
                await ctx.WaitForExternalEvent<string>("item"),
                await ctx.WaitForExternalEvent<string>("item"),
            ];
        });
        await host.StartWorkerAsync();

        var id = await host.Client.StartOrchestrationAsync("Buffer");
        foreach (var item in new[] { "one", "two", "three" })
        {
            await host.Client.RaiseEventAsync(id, "item", item);
        }

        await host.Client.RaiseEventAsync(id, "go", "now");
        var status = await host.WaitAsync(id);

        Assert.Equal(["one", "two", "three"], status.ReadOutputAs<string[]>());
    }

    [ConformanceFact]
    public async Task Several_waiters_on_one_name_are_served_first_come_first_served()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, string[]>("Waiters", async (ctx, _) =>
        {
            var first = ctx.WaitForExternalEvent<string>("turn");
            var second = ctx.WaitForExternalEvent<string>("turn");
            ctx.SetCustomStatus("waiting");
            return [await second, await first];
        });
        await host.StartWorkerAsync();

        var id = await host.Client.StartOrchestrationAsync("Waiters");
        await host.WaitUntilAsync(id, s => s.Record.CustomStatus is not null, "waiting");
        await host.Client.RaiseEventAsync(id, "turn", "A");
        await host.Client.RaiseEventAsync(id, "turn", "B");
        var status = await host.WaitAsync(id);

        Assert.Equal(["B", "A"], status.ReadOutputAs<string[]>());
    }

    [ConformanceFact]
    public async Task A_timed_out_wait_throws_TimeoutException_and_a_later_event_with_that_name_is_buffered_not_lost()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, string>("Late", async (ctx, _) =>
        {
            try
            {
                await ctx.WaitForExternalEvent<string>("answer", TimeSpan.FromMilliseconds(200));
                return "not expected";
            }
            catch (TimeoutException ex)
            {
                ctx.SetCustomStatus(ex.Message);
            }

            await ctx.WaitForExternalEvent<string>("continue");
            return await ctx.WaitForExternalEvent<string>("answer");
        });
        await host.StartWorkerAsync();

        var id = await host.Client.StartOrchestrationAsync("Late");
        var timedOut = await host.WaitUntilAsync(id, s => s.Record.CustomStatus is not null, "timed out");
        Assert.Contains("'answer'", timedOut.ReadCustomStatusAs<string>(), StringComparison.Ordinal);
        await host.Client.RaiseEventAsync(id, "answer", "late but kept");
        await host.Client.RaiseEventAsync(id, "continue", "go");
        var status = await host.WaitAsync(id);

        Assert.Equal("late but kept", status.ReadOutputAs<string>());
        Assert.Single(status.Events<TimerFiredEvent>());
    }

    [ConformanceFact]
    public async Task A_wait_cancelled_when_its_timer_wins_does_not_take_the_next_event_a_new_wait_gets_it()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, string>("ApprovalLoop", async (ctx, _) =>
        {
            for (var round = 1; round <= 3; round++)
            {
                using var cts = new CancellationTokenSource();
                var approval = ctx.WaitForExternalEvent<string>("Approval", cts.Token);
                var deadline = ctx.CreateTimer(TimeSpan.FromMilliseconds(round == 1 ? 200 : 30_000), cts.Token);
                var winner = await Task.WhenAny(approval, deadline);
                cts.Cancel();
                if (winner == approval)
                {
                    return $"round {round}: {await approval}";
                }

                ctx.SetCustomStatus($"round {round} timed out");
            }

            return "never approved";
        });
        await host.StartWorkerAsync();

        var id = await host.Client.StartOrchestrationAsync("ApprovalLoop");
        await host.WaitUntilAsync(id, s => s.Record.CustomStatus is not null, "the first round timed out");
        await host.Client.RaiseEventAsync(id, "Approval", "yes");
        var status = await host.WaitAsync(id);

        Assert.Equal("round 2: yes", status.ReadOutputAs<string>());
    }

    [ConformanceFact]
    public async Task A_wait_cancelled_before_an_event_arrives_throws_TaskCanceledException_and_the_event_is_buffered()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, string>("Cancelled", async (ctx, _) =>
        {
            using var cts = new CancellationTokenSource();
            var abandoned = ctx.WaitForExternalEvent<string>("answer", TimeSpan.FromMinutes(5), cts.Token);
            cts.Cancel();
            try
            {
                await abandoned;
                return "not expected";
            }
            catch (TaskCanceledException)
            {
                ctx.SetCustomStatus("cancelled");
            }

            await ctx.WaitForExternalEvent<string>("continue");
            return await ctx.WaitForExternalEvent<string>("answer");
        });
        await host.StartWorkerAsync();

        var id = await host.Client.StartOrchestrationAsync("Cancelled");
        await host.WaitUntilAsync(id, s => s.Record.CustomStatus is not null, "cancelled");
        await host.Client.RaiseEventAsync(id, "answer", "kept for the next wait");
        await host.Client.RaiseEventAsync(id, "continue", "go");
        var status = await host.WaitAsync(id);

        Assert.Equal("kept for the next wait", status.ReadOutputAs<string>());
        Assert.Empty(status.Events<TimerFiredEvent>());
    }

    [ConformanceFact]
    public async Task An_event_that_wins_against_its_timeout_is_returned_and_the_timeout_is_dropped()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, string>("InTime", async (ctx, _) =>
        {
            var answer = await ctx.WaitForExternalEvent<string>("answer", TimeSpan.FromSeconds(5));
            await ctx.CreateTimer(TimeSpan.FromMilliseconds(800));
            return answer;
        });
        await host.StartWorkerAsync();

        var id = await host.Client.StartOrchestrationAsync("InTime");
        await host.Client.RaiseEventAsync(id, "answer", "in time");
        var status = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal("in time", status.ReadOutputAs<string>());
        // Only the second timer's firing is recorded; the dropped timeout fired into nothing.
        Assert.Equal([1], status.Events<TimerFiredEvent>().Select(e => e.TaskId));
    }

    [ConformanceFact]
    public async Task Orchestrations_can_send_events_to_each_other()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Receiver", (ctx, _) => ctx.WaitForExternalEvent<string>("ping"))
            .AddOrchestration<string, string>("Sender", (ctx, target) =>
            {
                ctx.SendEvent(target, "ping", "hello from sender");
                return Task.FromResult("sent");
            });
        await host.StartWorkerAsync();

        var receiver = await host.Client.StartOrchestrationAsync("Receiver", instanceId: "receiver");
        var sender = await host.RunAsync("Sender", receiver);
        var received = await host.WaitAsync(receiver);

        Assert.Equal("hello from sender", received.ReadOutputAs<string>());
        var sent = Assert.Single(sender.Events<EventSentEvent>());
        Assert.Equal(("receiver", "ping"), (sent.TargetInstanceId, sent.Name));
    }

    [ConformanceFact]
    public async Task A_duplicate_event_message_is_applied_once()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, string[]>("Twice", async (ctx, _) =>
        {
            var first = await ctx.WaitForExternalEvent<string>("e");
            try
            {
                return [first, await ctx.WaitForExternalEvent<string>("e", TimeSpan.FromMilliseconds(500))];
            }
            catch (TimeoutException)
            {
                return [first, "none"];
            }
        });
        await host.StartWorkerAsync();

        var id = await host.Client.StartOrchestrationAsync("Twice");
        var duplicate = new Backends.WorkMessage
        {
            MessageId = "same-id",
            InstanceId = id,
            Event = new EventRaisedEvent { Name = "e", Input = new Serialization.MessagePackPayloadSerializer().Serialize("once") },
        };
        await host.Backend.Transport.SendAsync([duplicate, duplicate], CancellationToken.None);
        var status = await host.WaitAsync(id);

        Assert.Equal(["once", "none"], status.ReadOutputAs<string[]>());
        Assert.Single(status.Events<EventRaisedEvent>());
    }
}
