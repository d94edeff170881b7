using WorkflowSdk.History;

namespace WorkflowSdk.Conformance;

/// <summary>Activity and orchestration failures, and automatic retries with backoff.</summary>
public abstract class FailureAndRetryTests : ConformanceTests
{
    [ConformanceFact]
    public async Task An_activity_exception_surfaces_as_TaskFailedException_naming_the_activity_task_and_inner_message()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string[]>("Catch", async (ctx, _) =>
            {
                await ctx.CallActivityAsync<string>("Echo", "warm-up");
                try
                {
                    await ctx.CallActivityAsync<string>("Throw", "x");
                    return [];
                }
                catch (TaskFailedException ex)
                {
                    return
                    [
                        ex.Message, ex.Name, ex.TaskId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ex.FailureDetails.ErrorType, ex.FailureDetails.Message, ex.FailureDetails.StackTrace ?? "",
                        ex.FailureDetails.InnerFailure?.ErrorType ?? "", ex.FailureDetails.InnerFailure?.Message ?? "",
                    ];
                }
            })
            .AddActivity<string, string>("Echo", s => s)
            .AddActivity<string, string>("Throw", ThrowNested);
        await host.StartWorkerAsync();

        var caught = (await host.RunAsync("Catch")).ReadOutputAs<string[]>();

        Assert.Equal("Activity 'Throw' (task #1) failed: System.InvalidOperationException: card declined", caught[0]);
        Assert.Equal(["Throw", "1", "System.InvalidOperationException", "card declined"], caught[1..5]);
        Assert.Contains(nameof(ThrowNested), caught[5], StringComparison.Ordinal);
        Assert.Equal(["System.ArgumentException", "limit exceeded"], caught[6..8]);
    }

    [ConformanceFact]
    public async Task An_unhandled_exception_fails_the_instance_with_the_details_in_its_status()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Fails", (ctx, _) => ctx.CallActivityAsync<string>("Throw", "x"))
            .AddActivity<string, string>("Throw", ThrowNested);
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Fails");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        var failure = status.FailureDetails!;
        Assert.Equal(typeof(TaskFailedException).FullName, failure.ErrorType);
        Assert.Contains("card declined", failure.Message, StringComparison.Ordinal);
        Assert.Equal("System.InvalidOperationException", failure.InnerFailure?.ErrorType);
        Assert.Equal("System.ArgumentException", failure.InnerFailure?.InnerFailure?.ErrorType);
        Assert.Single(status.Events<ExecutionFailedEvent>());
    }

    [ConformanceFact]
    public async Task Calling_an_unknown_activity_fails_that_call_at_once_with_an_error_type_saying_so()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Unknown", (ctx, _) =>
                ctx.CallActivityAsync<string>("DoesNotExist", "x", new RetryOptions(TimeSpan.FromMilliseconds(10), 5)))
            .AddActivity<string, string>("Known", s => s);
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Unknown");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        var failed = Assert.Single(status.Events<TaskFailedEvent>()).FailureDetails;
        Assert.Equal(typeof(ActivityNotFoundException).FullName, failed.ErrorType);
        Assert.True(failed.IsNonRetriable);
        Assert.Contains("'DoesNotExist'", failed.Message, StringComparison.Ordinal);
        Assert.Contains("'Known'", failed.Message, StringComparison.Ordinal);
        Assert.Single(status.Events<TaskScheduledEvent>());
    }

    [ConformanceFact]
    public async Task Retries_wait_the_backoff_delays_on_durable_timers_and_then_succeed()
    {
        await using var host = CreateHost();
        var attempts = 0;
        host.Registry
            .AddOrchestration<string, string>("Retry", (ctx, _) =>
                ctx.CallActivityAsync<string>("Flaky", "x", new RetryOptions(TimeSpan.FromMilliseconds(100), 5) { BackoffCoefficient = 2 }))
            .AddActivity<string, string>("Flaky", string (string _) => Interlocked.Increment(ref attempts) < 3 ? throw new TimeoutException("try again") : "ok");
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Retry");

        Assert.Equal("ok", status.ReadOutputAs<string>());
        Assert.Equal(3, attempts);
        var history = status.History!;
        Assert.Equal([0, 2, 4], status.Events<TaskScheduledEvent>().Select(e => e.TaskId));
        Assert.Equal([1, 3], status.Events<TimerCreatedEvent>().Select(e => e.TaskId));
        var delays = status.Events<TimerCreatedEvent>().Select(t => t.FireAt - EpisodeTimeOf(history, t)).ToList();
        Assert.Equal([TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)], delays);
    }

    [ConformanceFact]
    public async Task Retries_stop_after_MaxNumberOfAttempts_and_the_last_failure_surfaces()
    {
        await using var host = CreateHost();
        var attempts = 0;
        host.Registry
            .AddOrchestration<string, string>("Retry", (ctx, _) =>
                ctx.CallActivityAsync<string>("Broken", "x", new RetryOptions(TimeSpan.FromMilliseconds(10), 3)))
            .AddActivity<string, string>("Broken", _ => throw new InvalidOperationException($"attempt {Interlocked.Increment(ref attempts)}"));
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Retry");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal(3, status.Events<TaskScheduledEvent>().Count);
        Assert.Equal("attempt 3", status.FailureDetails!.InnerFailure!.Message);
    }

    [ConformanceFact]
    public async Task Retries_stop_at_once_when_Handle_returns_false()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Retry", (ctx, _) =>
                ctx.CallActivityAsync<string>("Broken", "x", new RetryOptions(TimeSpan.FromMilliseconds(10), 5)
                {
                    Handle = ex => ex is TaskFailedException t && !t.FailureDetails.IsCausedBy<ArgumentException>(),
                }))
            .AddActivity<string, string>("Broken", _ => throw new ArgumentException("bad input, retrying cannot help"));
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Retry");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Single(status.Events<TaskScheduledEvent>());
    }

    [ConformanceFact]
    public async Task A_retry_handler_decides_by_attempt_number_and_sees_each_attempts_failure()
    {
        await using var host = CreateHost();
        var attempts = 0;
        host.Registry
            .AddOrchestration<string, string>("Retry", async (ctx, _) =>
            {
                var messages = new List<string>();
                try
                {
                    await ctx.CallActivityAsync<string>("Broken", "x", new RetryOptions(TimeSpan.FromMilliseconds(10), 10)
                    {
                        RetryHandler = retry =>
                        {
                            messages.Add($"{retry.LastAttemptNumber}:{retry.LastFailure.FailureDetails.Message}");
                            return retry.LastAttemptNumber < 3;
                        },
                    });
                }
                catch (TaskFailedException)
                {
                }

                return string.Join(", ", messages);
            })
            .AddActivity<string, string>("Broken", _ => throw new InvalidOperationException($"attempt {Interlocked.Increment(ref attempts)}"));
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Retry");

        Assert.Equal("1:attempt 1, 2:attempt 2, 3:attempt 3", status.ReadOutputAs<string>());
        Assert.Equal(3, status.Events<TaskScheduledEvent>().Count);
    }

    [ConformanceFact]
    public async Task A_failed_sub_orchestration_is_retried_by_a_handler_that_matches_TaskFailedException()
    {
        await using var host = CreateHost();
        var runs = 0;
        host.Registry
            .AddOrchestration<string, string>("Parent", (ctx, input) =>
                ctx.CallSubOrchestrationAsync<string>("Child", input, retry: new RetryOptions(TimeSpan.FromMilliseconds(10), 5)
                {
                    RetryHandler = retry => retry.LastFailure is TaskFailedException && retry.LastFailure.FailureDetails.IsCausedBy<TaskFailedException>(),
                }))
            .AddOrchestration<string, string>("Child", (ctx, input) => ctx.CallActivityAsync<string>("Flaky", input))
            .AddActivity<string, string>("Flaky", input =>
                Interlocked.Increment(ref runs) < 3 ? throw new TimeoutException("slow") : input + " on the third child");
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Parent", "y");

        Assert.Equal("y on the third child", status.ReadOutputAs<string>());
        Assert.Equal(3, status.Events<SubOrchestrationInstanceCreatedEvent>().Count);
    }

    [ConformanceFact]
    public async Task RetryTimeout_bounds_the_total_time_spent_retrying()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Retry", (ctx, _) =>
                ctx.CallActivityAsync<string>("Broken", "x", new RetryOptions(TimeSpan.FromMilliseconds(500), 100)
                {
                    BackoffCoefficient = 2,
                    RetryTimeout = TimeSpan.FromMilliseconds(1200),
                }))
            .AddActivity<string, string>("Broken", _ => throw new InvalidOperationException("down"));
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Retry");

        // Attempt 1, wait 500 ms, attempt 2; the next wait (1 s) would end past 1.2 s after the first attempt.
        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal(2, status.Events<TaskScheduledEvent>().Count);
    }

    [ConformanceFact]
    public async Task Failures_match_their_base_types_in_catch_filters_and_retry_handlers_after_crossing_the_store()
    {
        await using var host = CreateHost();
        var attempts = 0;
        host.Registry
            .AddOrchestration<string, string>("Matcher", async (ctx, _) =>
            {
                var caught = "";
                try
                {
                    await ctx.CallActivityAsync<string>("Missing", "x");
                }
                catch (TaskFailedException ex) when (ex.FailureDetails.IsCausedBy<Exception>() && ex.FailureDetails.IsCausedBy<IOException>())
                {
                    caught = "caught as IOException";
                }

                var retried = await ctx.CallActivityAsync<string>("Flaky", "y", new RetryOptions(TimeSpan.FromMilliseconds(10), 5)
                {
                    Handle = ex => ex is TaskFailedException t && t.FailureDetails.IsCausedBy<SystemException>(),
                });
                return $"{caught}; {retried}";
            })
            .AddActivity<string, string>("Missing", _ => throw new FileNotFoundException("no such file"))
            .AddActivity<string, string>("Flaky", input =>
                Interlocked.Increment(ref attempts) < 3 ? throw new TimeoutException("slow") : input + " after 3 attempts");
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Matcher");

        Assert.Equal("caught as IOException; y after 3 attempts", status.ReadOutputAs<string>());
    }

    [ConformanceFact]
    public async Task A_failed_sub_orchestration_surfaces_as_SubOrchestrationFailedException_and_can_be_retried()
    {
        await using var host = CreateHost();
        var attempts = 0;
        host.Registry
            .AddOrchestration<string, string>("Parent", async (ctx, _) =>
            {
                try
                {
                    await ctx.CallSubOrchestrationAsync<string>("AlwaysFails", "x");
                }
                catch (SubOrchestrationFailedException ex)
                {
                    ctx.SetCustomStatus($"{ex.InstanceId}|{ex.FailureDetails.ErrorType}|{ex.FailureDetails.Message}");
                }

                return await ctx.CallSubOrchestrationAsync<string>("FailsOnce", "y", retry: new RetryOptions(TimeSpan.FromMilliseconds(10), 3));
            })
            .AddOrchestration<string, string>("AlwaysFails", (_, _) => throw new InvalidOperationException("child broke"))
            .AddOrchestration<string, string>("FailsOnce", (_, input) =>
                Interlocked.Increment(ref attempts) == 1 ? throw new InvalidOperationException("first time") : Task.FromResult(input + "!"));
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Parent", instanceId: "parent");

        Assert.Equal("y!", status.ReadOutputAs<string>());
        Assert.Equal("parent:0|System.InvalidOperationException|child broke", status.ReadCustomStatusAs<string>());
        Assert.Equal(["parent:0", "parent:1", "parent:3"], status.Events<SubOrchestrationInstanceCreatedEvent>().Select(e => e.InstanceId));
    }

    [ConformanceFact]
    public void Retry_delays_follow_the_pinned_formula()
    {
        var retry = new RetryOptions(TimeSpan.FromSeconds(1), 10) { BackoffCoefficient = 3, MaxRetryInterval = TimeSpan.FromSeconds(20) };

        Assert.Equal(
            [1, 3, 9, 20, 20],
            Enumerable.Range(0, 5).Select(k => retry.ComputeDelay(k).TotalSeconds));
    }

    private static string ThrowNested(string _) =>
        throw new InvalidOperationException("card declined", new ArgumentException("limit exceeded"));

    private static DateTime EpisodeTimeOf(IReadOnlyList<HistoryEvent> history, HistoryEvent e)
    {
        var index = history.ToList().IndexOf(e);
        return history.Take(index).OfType<OrchestratorStartedEvent>().Last().Timestamp;
    }
}
