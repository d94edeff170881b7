using WorkflowSdk.History;

namespace WorkflowSdk.Conformance;

/// <summary>Eternal orchestrations (ContinueAsNew) and durable timers.</summary>
public abstract class ContinueAsNewAndTimerTests : ConformanceTests
{
    [ConformanceFact]
    public async Task ContinueAsNew_starts_a_new_execution_with_the_new_input_and_a_fresh_history()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<int, int>("Count", async (ctx, n) =>
            {
                await ctx.CallActivityAsync<int>("Echo", n);
                if (n < 3)
                {
                    ctx.ContinueAsNew(n + 1);
                    return -1; // ignored
                }

                return n;
            })
            .AddActivity<int, int>("Echo", n => n);
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Count", 0);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal(3, status.ReadOutputAs<int>());
        Assert.Equal(3, status.ReadInputAs<int>());
        var started = Assert.Single(status.Events<ExecutionStartedEvent>());
        Assert.Equal(3, started.Generation);
        Assert.Equal(started.ExecutionId, status.ExecutionId);
        Assert.Equal([0], status.Events<TaskScheduledEvent>().Select(e => e.TaskId));
    }

    [ConformanceFact]
    public async Task An_orchestration_that_continues_as_new_forever_without_waiting_is_failed_and_its_parent_learns_it()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Parent", async (ctx, _) =>
            {
                try
                {
                    await ctx.CallSubOrchestrationAsync<int>("Spin", 0, instanceId: "spin");
                    return "completed";
                }
                catch (SubOrchestrationFailedException ex)
                {
                    return ex.FailureDetails.ErrorType;
                }
            })
            .AddOrchestration<int, int>("Spin", (ctx, n) =>
            {
                ctx.ContinueAsNew(n + 1);
                return Task.FromResult(n);
            });
        await host.StartWorkerAsync();

        var parent = await host.RunAsync("Parent", instanceId: "parent");
        var child = await host.Client.GetStatusAsync("spin");

        Assert.Equal("WorkflowSdk.ContinueAsNewLoop", parent.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Failed, child!.RuntimeStatus);
        Assert.Contains("continued as new 1000 times in one episode", child.FailureDetails!.Message, StringComparison.Ordinal);
    }

    [ConformanceFact]
    public async Task Events_not_yet_consumed_are_dropped_by_ContinueAsNew_unless_asked_to_preserve_them()
    {
        foreach (var preserve in new[] { false, true })
        {
            await using var host = CreateHost();
            host.Registry.AddOrchestration<int, string>("Gen", async (ctx, generation) =>
            {
                if (generation == 0)
                {
                    await ctx.WaitForExternalEvent<string>("next");
                    ctx.ContinueAsNew(1, preserveUnprocessedEvents: preserve);
                    return "ignored";
                }

                try
                {
                    return await ctx.WaitForExternalEvent<string>("kept", TimeSpan.FromMilliseconds(500));
                }
                catch (TimeoutException)
                {
                    return "dropped";
                }
            });
            await host.StartWorkerAsync();

            var id = await host.Client.StartOrchestrationAsync("Gen", 0);
            await host.Client.RaiseEventAsync(id, "kept", "from generation 0");
            await host.Client.RaiseEventAsync(id, "next", "go");
            var status = await host.WaitAsync(id);

            Assert.Equal(preserve ? "from generation 0" : "dropped", status.ReadOutputAs<string>());
        }
    }

    [ConformanceFact]
    public async Task A_durable_timer_fires_no_earlier_than_its_due_time()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, DateTime[]>("Sleep", async (ctx, _) =>
        {
            var start = ctx.CurrentUtcDateTime;
            await ctx.CreateTimer(start.AddMilliseconds(300));
            return [start, ctx.CurrentUtcDateTime];
        });
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Sleep");
        var times = status.ReadOutputAs<DateTime[]>();

        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(300), $"woke after {times[1] - times[0]}");
        var fired = Assert.Single(status.Events<TimerFiredEvent>());
        Assert.Equal(times[0].AddMilliseconds(300), fired.FireAt);
    }

    [ConformanceFact]
    public async Task The_loser_of_a_timer_race_can_be_cancelled_and_its_firing_changes_nothing()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Quote", async (ctx, _) =>
            {
                using var cts = new CancellationTokenSource();
                var deadline = ctx.CreateTimer(TimeSpan.FromMilliseconds(1500), cts.Token);
                var quote = ctx.CallActivityAsync<string>("Quote", "x");
                if (await Task.WhenAny(deadline, quote) == quote)
                {
                    cts.Cancel();
                }

                // The cancelled timer fires while this one runs: its firing must change nothing.
                await ctx.CreateTimer(TimeSpan.FromMilliseconds(2000));
                return deadline.IsCanceled ? await quote : "timed out";
            })
            .AddActivity<string, string>("Quote", _ => "42 EUR");
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Quote");

        Assert.Equal("42 EUR", status.ReadOutputAs<string>());
        Assert.Equal([2], status.Events<TimerFiredEvent>().Select(e => e.TaskId));
    }

    [ConformanceFact]
    public async Task A_timer_wins_a_race_against_slow_work()
    {
        await using var host = CreateHost();
        var release = new TaskCompletionSource<string>();
        host.Registry
            .AddOrchestration<string, string>("Quote", async (ctx, _) =>
            {
                var deadline = ctx.CreateTimer(TimeSpan.FromMilliseconds(200));
                var quote = ctx.CallActivityAsync<string>("SlowQuote", "x");
                return await Task.WhenAny(deadline, quote) == quote ? await quote : "timed out";
            })
            .AddActivity<string, string>("SlowQuote", _ => release.Task);
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Quote");
        release.SetResult("too late");

        Assert.Equal("timed out", status.ReadOutputAs<string>());
    }
}
