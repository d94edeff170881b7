using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using WorkflowSdk.History;

namespace WorkflowSdk.Conformance;

/// <summary>The pinned semantics of docs/architecture.md: sequence numbers, completion, determinism helpers, replay.</summary>
public abstract class OrchestrationSemanticsTests : ConformanceTests
{
    [ConformanceFact]
    public async Task Activities_timers_and_sub_orchestrations_take_ids_from_one_counter_in_scheduling_order()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Parent", async (ctx, _) =>
            {
                await ctx.CallActivityAsync<string>("Echo", "a");
                await ctx.CreateTimer(TimeSpan.FromMilliseconds(10));
                await ctx.CallSubOrchestrationAsync<string>("Child", "c");
                var parallel = new[] { ctx.CallActivityAsync<string>("Echo", "d"), ctx.CallActivityAsync<string>("Echo", "e") };
                await Task.WhenAll(parallel);
                return "done";
            })
            .AddOrchestration<string, string>("Child", (ctx, input) => Task.FromResult(input))
            .AddActivity<string, string>("Echo", s => s);
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Parent", "x");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        var scheduled = status.Events<ScheduledActionEvent>();
        Assert.Equal([0, 1, 2, 3, 4], scheduled.Select(e => e.TaskId));
        Assert.Equal(
            [typeof(TaskScheduledEvent), typeof(TimerCreatedEvent), typeof(SubOrchestrationInstanceCreatedEvent), typeof(TaskScheduledEvent), typeof(TaskScheduledEvent)],
            scheduled.Select(e => e.GetType()));
        Assert.Equal(["d", "e"], status.Events<TaskScheduledEvent>().Skip(1).Select(e => host.Decode<string>(e.Input)));
    }

    [ConformanceFact]
    public async Task An_instance_completes_when_its_method_returns_even_with_a_timer_still_pending()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Race", async (ctx, _) =>
            {
                var timer = ctx.CreateTimer(TimeSpan.FromHours(1));
                var work = ctx.CallActivityAsync<string>("Echo", "fast");
                var winner = await Task.WhenAny(timer, work);
                return winner == work ? await work : "timeout";
            })
            .AddActivity<string, string>("Echo", s => s);
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Race");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal("fast", status.ReadOutputAs<string>());
        Assert.Single(status.Events<TimerCreatedEvent>());
        Assert.Empty(status.Events<TimerFiredEvent>());
    }

    [ConformanceFact]
    public async Task An_instance_completes_when_its_method_returns_even_while_an_event_wait_is_pending()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, string>("Abandon", (ctx, input) =>
        {
            _ = ctx.WaitForExternalEvent<string>("never");
            return Task.FromResult("done");
        });
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Abandon");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal("done", status.ReadOutputAs<string>());
    }

    [ConformanceFact]
    public async Task NewGuid_gives_the_same_values_on_replay_and_different_values_per_call_and_per_instance()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, Guid[]>("Guids", async (ctx, _) =>
            {
                var first = ctx.NewGuid();
                var second = ctx.NewGuid();
                // The activity records 'first' in history; after the await the code is replayed (no cache), so
                // 'first' is computed again and must equal the recorded value.
                var recorded = await ctx.CallActivityAsync<Guid>("Echo", first);
                return [first, second, recorded];
            })
            .AddActivity<Guid, Guid>("Echo", g => g);
        await host.StartWorkerAsync(o => o.CacheCapacity = 0);

        var one = (await host.RunAsync("Guids", instanceId: "guid-a")).ReadOutputAs<Guid[]>();
        var two = (await host.RunAsync("Guids", instanceId: "guid-b")).ReadOutputAs<Guid[]>();

        Assert.Equal(one[0], one[2]);
        Assert.NotEqual(one[0], one[1]);
        Assert.NotEqual(one[0], two[0]);
        Assert.NotEqual(one[1], two[1]);
        Assert.All(one.Concat(two), g => Assert.Equal(5, g.Version));
    }

    [ConformanceFact]
    public async Task IsReplaying_is_true_exactly_while_the_code_runs_over_recorded_history()
    {
        await using var host = CreateHost();
        var seen = new ConcurrentQueue<string>();
        host.Registry
            .AddOrchestration<string, string>("Flags", async (ctx, _) =>
            {
                seen.Enqueue($"start:{ctx.IsReplaying}");
                await ctx.CallActivityAsync<string>("Echo", "1");
                seen.Enqueue($"after1:{ctx.IsReplaying}");
                await ctx.CallActivityAsync<string>("Echo", "2");
                seen.Enqueue($"after2:{ctx.IsReplaying}");
                return "ok";
            })
            .AddActivity<string, string>("Echo", s => s);
        await host.StartWorkerAsync(o => o.CacheCapacity = 0);

        await host.RunAsync("Flags");

        Assert.Equal(
            [
                "start:False",
                "start:True", "after1:False",
                "start:True", "after1:True", "after2:False",
            ],
            seen);
    }

    [ConformanceFact]
    public async Task A_cached_instance_resumes_without_running_its_code_again()
    {
        await using var host = CreateHost();
        var seen = new ConcurrentQueue<string>();
        host.Registry
            .AddOrchestration<string, string>("Flags", async (ctx, _) =>
            {
                seen.Enqueue($"start:{ctx.IsReplaying}");
                await ctx.CallActivityAsync<string>("Echo", "1");
                seen.Enqueue($"after1:{ctx.IsReplaying}");
                return "ok";
            })
            .AddActivity<string, string>("Echo", s => s);
        await host.StartWorkerAsync(o => o.MaxConcurrentOrchestrations = 1);

        await host.RunAsync("Flags");

        Assert.Equal(["start:False", "after1:False"], seen);
    }

    [ConformanceFact]
    public async Task CurrentUtcDateTime_is_the_recorded_episode_time_on_replay()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, DateTime[]>("Clock", async (ctx, _) =>
            {
                var before = ctx.CurrentUtcDateTime;
                var recorded = await ctx.CallActivityAsync<DateTime>("Echo", before);
                return [before, recorded, ctx.CurrentUtcDateTime];
            })
            .AddActivity<DateTime, DateTime>("Echo", d => d);
        await host.StartWorkerAsync(o => o.CacheCapacity = 0);

        var status = await host.RunAsync("Clock");
        var times = status.ReadOutputAs<DateTime[]>();

        Assert.Equal(times[0], times[1]);
        Assert.True(times[2] >= times[0]);
        var episodes = status.Events<OrchestratorStartedEvent>().Select(e => e.Timestamp).ToList();
        Assert.Equal(episodes[0], times[0]);
        Assert.Equal(episodes[^1], times[2]);
    }

    [ConformanceFact]
    public async Task Custom_status_is_visible_to_clients_while_the_instance_runs()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, string>("Progress", async (ctx, _) =>
        {
            ctx.SetCustomStatus(new Progress(1, "waiting for go"));
            await ctx.WaitForExternalEvent<string>("go");
            ctx.SetCustomStatus(new Progress(2, "done"));
            return "ok";
        });
        await host.StartWorkerAsync();

        var id = await host.Client.StartOrchestrationAsync("Progress");
        var running = await host.WaitUntilAsync(id, s => s.Record.CustomStatus is not null, "custom status set");
        Assert.Equal(new Progress(1, "waiting for go"), running.ReadCustomStatusAs<Progress>());
        await host.Client.RaiseEventAsync(id, "go", "now");
        var done = await host.WaitAsync(id);

        Assert.Equal(new Progress(2, "done"), done.ReadCustomStatusAs<Progress>());
    }

    [ConformanceFact]
    public async Task The_replay_safe_logger_writes_each_message_once_although_the_code_is_replayed()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var host = new WorkflowTestHost(CreateProvider(), factory);
        host.Registry
            .AddOrchestration<string, string>("Logs", async (ctx, _) =>
            {
                var log = ctx.CreateReplaySafeLogger("Sample");
                log.LogInformation("before");
                await ctx.CallActivityAsync<string>("Echo", "1");
                log.LogInformation("after");
                return "ok";
            })
            .AddActivity<string, string>("Echo", s => s);
        await host.StartWorkerAsync(o => o.CacheCapacity = 0);

        await host.RunAsync("Logs");

        Assert.Equal(["before", "after"], logs.Messages("Sample"));
    }

    [ConformanceFact]
    public async Task History_names_the_source_line_that_scheduled_each_step()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Lines", (ctx, _) => ctx.CallActivityAsync<string>("Echo", "1"))
            .AddActivity<string, string>("Echo", s => s);
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Lines");

        var source = Assert.Single(status.Events<TaskScheduledEvent>()).Source;
        Assert.NotNull(source);
        Assert.StartsWith($"{nameof(OrchestrationSemanticsTests)}.cs:", source);
    }

    [ConformanceFact]
    public async Task An_activity_running_longer_than_its_lease_keeps_it_through_renewals_and_runs_once()
    {
        var lease = CreateProvider().LeaseDuration;
        var runs = 0;
        var cancelled = 0;
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Long", (ctx, _) => ctx.CallActivityAsync<string>("Slow", "report"))
            .AddActivity<string, string>("Slow", async (ActivityContext context, string name) =>
            {
                Interlocked.Increment(ref runs);
                try
                {
                    // Two and a half leases: without renewals the call would be handed to another receiver meanwhile.
                    await Task.Delay(lease * 2.5, context.CancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref cancelled);
                    throw;
                }

                return $"{name} done";
            });
        await host.StartWorkerAsync(o => o.MaxConcurrentActivities = 4);

        var status = await host.RunAsync("Long");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal("report done", status.ReadOutputAs<string>());
        Assert.Equal(1, Volatile.Read(ref runs));
        Assert.Equal(0, Volatile.Read(ref cancelled));
        Assert.Single(status.Events<TaskCompletedEvent>());
    }

    public sealed record Progress(int Step, string Text);
}
