using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.Replay;

namespace WorkflowSdk.Tests.Replay;

public sealed class OrchestrationExecutorTests
{
    [Fact]
    public void Chaining_fan_out_timers_and_events_give_the_same_episodes_cached_and_replayed()
    {
        var h = new ExecutorHarness();
        h.Registry.AddOrchestration<int, int>("Mixed", async (ctx, n) =>
        {
            var first = await ctx.CallActivityAsync<int>("Double", n);
            var parallel = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => ctx.CallActivityAsync<int>("Double", first + i)));
            await ctx.CreateTimer(TimeSpan.FromMinutes(5));
            var bonus = await ctx.WaitForExternalEvent<int>("bonus");
            return parallel.Sum() + bonus;
        });

        var start = h.Run(h.Start("Mixed", 1));
        Assert.Equal(["OrchestratorStarted", "ExecutionStarted", "TaskScheduled #0 Double 01", "OrchestratorCompleted", "out Activity instance-1 TaskScheduled "], ExecutorHarness.Shape(start));
        h.Run(h.Completed(0, 2));
        h.Run(h.Completed(2, 6), h.Raised("bonus", 100));
        h.Run(h.Completed(1, 4), h.Completed(3, 8));
        h.Run(h.TimerFired(4));

        Assert.Equal(ExecutionState.Completed, h.State);
        Assert.Equal(118, h.Decode<int>(h.Executor.Output));
    }

    [Fact]
    public void A_different_activity_at_a_recorded_step_fails_the_next_episode_with_both_sides()
    {
        var h = new ExecutorHarness();
        h.Registry.AddOrchestration<string, string>("Trip", async (ctx, _) =>
        {
            await ctx.CallActivityAsync<string>("BookFlight");
            return await ctx.CallActivityAsync<string>("BookHotel");
        });
        h.Run(h.Start("Trip", "x"));

        var changed = new ExecutorHarness();
        changed.History.AddRange(h.History);
        changed.Registry.AddOrchestration<string, string>("Trip", (ctx, _) => ctx.CallActivityAsync<string>("BookCar"));
        var result = changed.ReplayThenRun(changed.Completed(0, "ok"));

        var failed = Assert.IsType<ExecutionFailedEvent>(result.NewEvents[1]);
        Assert.Equal(typeof(NonDeterminismException).FullName, failed.FailureDetails.ErrorType);
        Assert.StartsWith(
            "Non-deterministic orchestration 'Trip' (instance 'instance-1') at step #0: history recorded a call to activity 'BookFlight' (task #0) at OrchestrationExecutorTests.cs:",
            failed.FailureDetails.Message,
            StringComparison.Ordinal);
        Assert.Contains("but the code now scheduled a call to activity 'BookCar' (task #0) at OrchestrationExecutorTests.cs:", failed.FailureDetails.Message, StringComparison.Ordinal);
        Assert.Equal(ExecutionState.Failed, changed.State);
        Assert.Empty(result.Outbox);
    }

    [Fact]
    public void Code_that_now_schedules_a_timer_where_history_has_an_activity_is_caught()
    {
        var h = new ExecutorHarness();
        h.Registry.AddOrchestration<string, string>("Flow", (ctx, _) => ctx.CallActivityAsync<string>("Work"));
        h.Run(h.Start("Flow", "x"));

        var changed = new ExecutorHarness();
        changed.History.AddRange(h.History);
        changed.Registry.AddOrchestration<string, string>("Flow", async (ctx, _) =>
        {
            await ctx.CreateTimer(TimeSpan.FromSeconds(1));
            return "x";
        });
        var failed = (ExecutionFailedEvent)changed.ReplayThenRun(changed.Completed(0, "ok")).NewEvents[1];

        Assert.Contains("history recorded a call to activity 'Work' (task #0)", failed.FailureDetails.Message, StringComparison.Ordinal);
        Assert.Contains("but the code now scheduled a timer (task #0)", failed.FailureDetails.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_that_now_schedules_more_in_an_episode_than_history_recorded_is_caught()
    {
        var h = new ExecutorHarness();
        h.Registry.AddOrchestration<string, string>("Flow", (ctx, _) => ctx.CallActivityAsync<string>("A"));
        h.Run(h.Start("Flow", "x"));

        var changed = new ExecutorHarness();
        changed.History.AddRange(h.History);
        changed.Registry.AddOrchestration<string, string>("Flow", async (ctx, _) =>
        {
            var a = ctx.CallActivityAsync<string>("A");
            var b = ctx.CallActivityAsync<string>("B");
            return await a + await b;
        });
        var failed = (ExecutionFailedEvent)changed.ReplayThenRun(changed.Completed(0, "ok")).NewEvents[1];

        Assert.Contains("at step #1: history recorded nothing more in that episode, but the code now scheduled a call to activity 'B' (task #1)", failed.FailureDetails.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_that_now_returns_where_history_went_on_is_caught()
    {
        var h = new ExecutorHarness();
        h.Registry.AddOrchestration<string, string>("Flow", async (ctx, _) =>
        {
            await ctx.CallActivityAsync<string>("A");
            return await ctx.CallActivityAsync<string>("B");
        });
        h.Run(h.Start("Flow", "x"));
        h.Run(h.Completed(0, "a"));

        var changed = new ExecutorHarness();
        changed.History.AddRange(h.History);
        changed.Registry.AddOrchestration<string, string>("Flow", (ctx, _) => ctx.CallActivityAsync<string>("A"));
        var failed = (ExecutionFailedEvent)changed.ReplayThenRun(changed.Completed(1, "b")).NewEvents[1];

        Assert.Contains("history recorded a call to activity 'B' (task #1)", failed.FailureDetails.Message, StringComparison.Ordinal);
        Assert.Contains("but the code now had already completed", failed.FailureDetails.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_result_nobody_waits_for_a_stale_execution_and_a_duplicate_message_change_nothing()
    {
        var h = new ExecutorHarness();
        h.Registry.AddOrchestration<string, string>("Flow", (ctx, _) => ctx.WaitForExternalEvent<string>("go"));
        h.Run(h.Start("Flow", "x"));
        var duplicate = h.Message(new EventRaisedEvent { Name = "other", Input = null }, messageId: "dup");
        h.Run(duplicate);

        var result = h.Run(
            h.Completed(42, "unknown task"),
            h.Message(new EventRaisedEvent { Name = "go", Input = h.Codec.EncodeObject("old", "x") }, executionId: "some-old-execution"),
            duplicate);

        Assert.Equal(["OrchestratorStarted", "OrchestratorCompleted"], ExecutorHarness.Shape(result));
        Assert.Equal(0, result.AppliedMessages);
        Assert.Equal(ExecutionState.Running, h.State);
    }

    [Fact]
#pragma warning disable WF0005, WF0007 // the misuse the analyzers flag is what this test feeds the engine
    public void Calling_the_context_from_another_thread_fails_the_instance_with_an_explanation()
    {
        var h = new ExecutorHarness();
        h.Registry.AddOrchestration<string, string>("Escapes", async (ctx, _) =>
        {
            await ctx.CallActivityAsync<string>("A");
            Exception? error = null;
            var thread = new Thread(() =>
            {
                try
                {
                    ctx.CallActivityAsync<string>("B").GetAwaiter().GetResult();
                }
                catch (InvalidOperationException ex)
                {
                    error = ex;
                }
            });
            thread.Start();
            thread.Join();
            throw error ?? new InvalidOperationException("no error");
        });
        h.Run(h.Start("Escapes", "x"));

        var failed = Assert.IsType<ExecutionFailedEvent>(h.Run(h.Completed(0, "a")).NewEvents[^2]);

        Assert.Equal("System.InvalidOperationException", failed.FailureDetails.ErrorType);
        Assert.Contains("outside the orchestration's scheduler", failed.FailureDetails.Message, StringComparison.Ordinal);
        Assert.Contains("ConfigureAwait(false)", failed.FailureDetails.Message, StringComparison.Ordinal);
    }

#pragma warning restore WF0005, WF0007

    [Fact]
    public void Termination_records_the_reason_and_terminates_running_sub_orchestrations()
    {
        var h = new ExecutorHarness("parent");
        h.Registry.AddOrchestration<string, string>("Parent", async (ctx, _) =>
        {
            var done = ctx.CallSubOrchestrationAsync<string>("Child", "a");
            var running = ctx.CallSubOrchestrationAsync<string>("Child", "b");
            return await done + await running;
        });
        h.Run(h.Start("Parent", "x"));
        h.Run(h.Message(new SubOrchestrationInstanceCompletedEvent { TaskId = 0, Result = h.Codec.EncodeObject("a", "r") }, h.ExecutionId));

        var result = h.Run(h.Message(new ExecutionTerminatedEvent { Reason = h.Codec.EncodeObject("stop", "reason") }));

        Assert.Equal(ExecutionState.Terminated, h.State);
        Assert.Equal("stop", h.Decode<string>(h.Executor.Output));
        var cascade = Assert.Single(result.Outbox);
        Assert.Equal("parent:1", cascade.InstanceId);
        Assert.IsType<ExecutionTerminatedEvent>(cascade.Event);
    }

    [Fact]
    public void ContinueAsNew_hands_the_next_execution_its_input_and_when_asked_the_unconsumed_events_in_arrival_order()
    {
        var h = new ExecutorHarness();
        h.Registry.AddOrchestration<int, string>("Loop", async (ctx, n) =>
        {
            await ctx.WaitForExternalEvent<string>("next");
            ctx.ContinueAsNew(n + 1, preserveUnprocessedEvents: true);
            return "ignored";
        });
        h.Run(h.Start("Loop", 1), h.Raised("a", 1), h.Raised("b", 2));

        var result = h.Run(h.Raised("next", "go"), h.Raised("c", 3));

        Assert.True(h.State == ExecutionState.ContinuedAsNew, h.Executor.Failure?.ToString());
        Assert.Equal(2, h.Decode<int>(result.NextExecution!.Input));
        Assert.Equal(1, result.NextExecution.Generation);
        Assert.Equal(["a", "b", "c"], result.CarriedMessages.Select(m => ((EventRaisedEvent)m.Event).Name));
        Assert.IsType<ExecutionContinuedAsNewEvent>(result.NewEvents[^2]);
    }

    [Fact]
    public void While_suspended_messages_are_recorded_but_applied_only_on_resume_in_arrival_order()
    {
        var h = new ExecutorHarness();
        h.Registry.AddOrchestration<string, string>("Collect", async (ctx, _) =>
            await ctx.WaitForExternalEvent<string>("e") + await ctx.WaitForExternalEvent<string>("e"));
        h.Run(h.Start("Collect", "x"));

        var suspended = h.Run(h.Message(new ExecutionSuspendedEvent()), h.Raised("e", "1"), h.Raised("e", "2"));
        Assert.True(h.Executor.IsSuspended);
        Assert.Equal(ExecutionState.Running, h.State);
        Assert.Equal(["OrchestratorStarted", "ExecutionSuspended", "EventRaised", "EventRaised", "OrchestratorCompleted"], ExecutorHarness.Shape(suspended));

        h.Run(h.Message(new ExecutionResumedEvent()));

        Assert.Equal(ExecutionState.Completed, h.State);
        Assert.Equal("12", h.Decode<string>(h.Executor.Output));
    }

    [Fact]
    public void A_version_that_is_not_requested_is_resolved_to_the_default_and_recorded()
    {
        var h = new ExecutorHarness();
        h.Registry
            .AddOrchestration<string, string>("Checkout", (_, _) => Task.FromResult("v1"), version: "1")
            .AddOrchestration<string, string>("Checkout", (_, _) => Task.FromResult("v2"), version: "2");
        h.Run(h.Start("Checkout", "x"));

        Assert.Equal("2", h.History.OfType<ExecutionStartedEvent>().Single().Version);
        Assert.Equal("v2", h.Decode<string>(h.Executor.Output));
    }
}
