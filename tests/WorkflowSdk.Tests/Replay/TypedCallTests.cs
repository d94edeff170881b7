using WorkflowSdk.History;
using WorkflowSdk.Replay;

namespace WorkflowSdk.Tests.Replay;

/// <summary>
/// The typed low-level entry points the generated proxies call (<c>InvokeActivityAsync</c>,
/// <c>InvokeSubOrchestrationAsync</c>): inputs encoded as their declared type, cancellation, versions; every episode
/// checked cached against replayed.
/// </summary>
public sealed class TypedCallTests
{
    [Fact]
    public void InvokeActivityAsync_encodes_the_input_as_its_declared_type_and_decodes_the_result()
    {
        var h = new ExecutorHarness();
        h.Registry.AddOrchestration<string, int>("Sum", async (ctx, _) =>
            await ctx.InvokeActivityAsync<(string, int), int>("Add", ("two", 2), retry: null, CancellationToken.None));

        var start = h.Run(h.Start("Sum", "x"));
        var scheduled = Assert.Single(start.NewEvents.OfType<TaskScheduledEvent>());
        Assert.Equal(("two", 2), h.Decode<(string, int)>(scheduled.Input));
        Assert.Equal(h.Codec.Encode<(string, int)>(("two", 2), "input"), scheduled.Input);
        Assert.StartsWith("TypedCallTests.cs:", scheduled.Source, StringComparison.Ordinal);

        h.Run(h.Completed(0, 4));
        Assert.Equal(ExecutionState.Completed, h.State);
        Assert.Equal(4, h.Decode<int>(h.Executor.Output));
    }

    [Fact]
    public void A_cancelled_activity_call_is_canceled_in_the_code_and_its_late_result_is_neither_applied_nor_recorded()
    {
        var h = new ExecutorHarness();
        h.Registry.AddOrchestration<string, string>("Race", async (ctx, _) =>
        {
            using var cancel = new CancellationTokenSource();
            var slow = ctx.InvokeActivityAsync<string, string>("Slow", "a", retry: null, cancel.Token);
            await ctx.CreateTimer(TimeSpan.FromMinutes(1));
            cancel.Cancel();
            try
            {
                return "not cancelled: " + await slow;
            }
            catch (OperationCanceledException)
            {
                // Cancelled: call the fast one below, outside the handler (WF0004).
            }

            return await ctx.InvokeActivityAsync<string, string>("Fast", "b", retry: null, CancellationToken.None);
        });

        h.Run(h.Start("Race", "x"));
        var afterTimer = h.Run(h.TimerFired(1));
        Assert.Equal("Fast", Assert.Single(afterTimer.NewEvents.OfType<TaskScheduledEvent>()).Name);

        var late = h.Run(h.Completed(0, "late"));
        Assert.Equal(0, late.AppliedMessages);
        h.Run(h.Completed(2, "fast"));

        Assert.Equal(ExecutionState.Completed, h.State);
        Assert.Equal("fast", h.Decode<string>(h.Executor.Output));
        Assert.DoesNotContain(h.History.OfType<TaskCompletedEvent>(), e => e.TaskId == 0);
    }

    [Fact]
    public void An_already_cancelled_token_schedules_nothing()
    {
        var h = new ExecutorHarness();
        h.Registry.AddOrchestration<string, string>("Early", async (ctx, _) =>
        {
            var call = ctx.InvokeActivityAsync<string>("Never", "a", retry: null, new CancellationToken(canceled: true));
            try
            {
                await call;
                return "not cancelled";
            }
            catch (OperationCanceledException)
            {
                return "done";
            }
        });

        var start = h.Run(h.Start("Early", "x"));

        Assert.Empty(start.NewEvents.OfType<TaskScheduledEvent>());
        Assert.Equal(ExecutionState.Completed, h.State);
        Assert.Equal("done", h.Decode<string>(h.Executor.Output));
    }

    [Fact]
    public void Cancelling_during_a_retry_delay_stops_the_retries()
    {
        var h = new ExecutorHarness();
        h.Registry.AddOrchestration<string, string>("Retrying", async (ctx, _) =>
        {
            using var cancel = new CancellationTokenSource();
            var call = ctx.InvokeActivityAsync<string, string>(
                "Flaky", "a", new RetryOptions(TimeSpan.FromMinutes(10), maxNumberOfAttempts: 5), cancel.Token);
            await ctx.CreateTimer(TimeSpan.FromMinutes(1));
            cancel.Cancel();
            try
            {
                return await call;
            }
            catch (OperationCanceledException)
            {
                return "gave up";
            }
        });

        h.Run(h.Start("Retrying", "x"));              // #0 Flaky, #1 the one-minute timer
        var failed = h.Run(h.Failed(0, new InvalidOperationException("down")));
        Assert.Single(failed.NewEvents.OfType<TimerCreatedEvent>()); // #2 the retry delay
        h.Run(h.TimerFired(1));

        Assert.Equal(ExecutionState.Completed, h.State);
        Assert.Equal("gave up", h.Decode<string>(h.Executor.Output));
        Assert.Single(h.History.OfType<TaskScheduledEvent>());
    }

    [Fact]
    public void InvokeSubOrchestrationAsync_starts_the_given_version_with_a_typed_input()
    {
        var h = new ExecutorHarness();
        h.Registry.AddOrchestration<string, string>("Parent", async (ctx, _) =>
            await ctx.InvokeSubOrchestrationAsync<(int, int), string>("Child", "2", (3, 4), "child-1", retry: null, CancellationToken.None));

        var start = h.Run(h.Start("Parent", "x"));

        var created = Assert.Single(start.NewEvents.OfType<SubOrchestrationInstanceCreatedEvent>());
        Assert.Equal(("Child", "2", "child-1"), (created.Name, created.Version, created.InstanceId));
        Assert.Equal((3, 4), h.Decode<(int, int)>(created.Input));
        var started = Assert.IsType<ExecutionStartedEvent>(Assert.Single(start.Outbox, m => m.Event is ExecutionStartedEvent).Event);
        Assert.Equal("2", started.Version);
    }
}
