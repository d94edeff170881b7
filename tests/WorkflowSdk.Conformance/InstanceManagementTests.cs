using WorkflowSdk.Backends;
using WorkflowSdk.History;

namespace WorkflowSdk.Conformance;

/// <summary>Instance ids, terminate, suspend/resume, purge, list and waiting.</summary>
public abstract class InstanceManagementTests : ConformanceTests
{
    [ConformanceFact]
    public async Task Starting_an_id_that_is_pending_running_or_suspended_throws_an_already_exists_error_naming_it()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"));

        await host.Client.StartOrchestrationAsync("Wait", instanceId: "taken");
        var pending = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.Client.StartOrchestrationAsync("Wait", instanceId: "taken"));
        Assert.Equal(OrchestrationRuntimeStatus.Pending, pending.Status);
        Assert.Contains("'taken'", pending.Message, StringComparison.Ordinal);

        await host.StartWorkerAsync();
        await host.WaitUntilAsync("taken", s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running, "running");
        var running = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.Client.StartOrchestrationAsync("Wait", instanceId: "taken"));
        Assert.Equal(OrchestrationRuntimeStatus.Running, running.Status);

        await host.Client.SuspendAsync("taken");
        await host.WaitUntilAsync("taken", s => s.RuntimeStatus == OrchestrationRuntimeStatus.Suspended, "suspended");
        var suspended = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.Client.StartOrchestrationAsync("Wait", instanceId: "taken"));
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, suspended.Status);
    }

    [ConformanceFact]
    public async Task A_finished_id_can_be_started_again_as_a_new_execution_unless_the_caller_forbids_it()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, string>("Echo", (_, input) => Task.FromResult(input));
        await host.StartWorkerAsync();

        var first = await host.RunAsync("Echo", "first", "reused");
        var second = await host.RunAsync("Echo", "second", "reused");

        Assert.Equal("second", second.ReadOutputAs<string>());
        Assert.NotEqual(first.ExecutionId, second.ExecutionId);
        Assert.Single(second.Events<ExecutionStartedEvent>());
        var refused = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            host.Client.StartOrchestrationAsync("Echo", "third", new StartOrchestrationOptions { InstanceId = "reused", ReuseFinishedInstanceId = false }));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, refused.Status);
    }

    [ConformanceFact]
    public async Task Terminating_a_running_instance_makes_the_reason_its_output_and_terminating_again_changes_nothing()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"));
        await host.StartWorkerAsync();

        var id = await host.Client.StartOrchestrationAsync("Wait");
        await host.WaitUntilAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running, "running");
        await host.Client.TerminateAsync(id, "no longer needed");
        var terminated = await host.WaitAsync(id);
        await host.Client.TerminateAsync(id, "again");
        var after = await host.Client.GetStatusAsync(id, includeHistory: true);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, terminated.RuntimeStatus);
        Assert.Equal("no longer needed", terminated.ReadOutputAs<string>());
        Assert.Equal(terminated.Record.Revision, after!.Record.Revision);
        Assert.Equal("no longer needed", after.ReadOutputAs<string>());
        Assert.Single(after.Events<ExecutionTerminatedEvent>());
    }

    [ConformanceFact]
    public async Task Terminating_with_a_structured_output_makes_it_the_output_of_the_instance_and_its_children()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Parent", (ctx, _) => ctx.CallSubOrchestrationAsync<string>("Wait", "x", instanceId: "child"))
            .AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"));
        await host.StartWorkerAsync();

        var id = await host.Client.StartOrchestrationAsync("Parent", "p");
        await host.WaitUntilAsync("child", s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running, "child running");
        await host.Client.TerminateAsync(id, new TerminationNote("duplicate order", 42));
        var parent = await host.WaitAsync(id);
        var child = await host.WaitAsync("child");

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, parent.RuntimeStatus);
        Assert.Equal(new TerminationNote("duplicate order", 42), parent.ReadOutputAs<TerminationNote>());
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, child.RuntimeStatus);
        Assert.Equal(new TerminationNote("duplicate order", 42), child.ReadOutputAs<TerminationNote>());
    }

    /// <summary>A structured termination output.</summary>
    public sealed record TerminationNote(string Reason, int Ticket);

    [ConformanceFact]
    public async Task WaitForStartAsync_waits_for_an_instance_that_does_not_exist_yet_and_returns_once_its_code_runs()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Parent", async (ctx, _) =>
            {
                await ctx.WaitForExternalEvent<string>("go");
                return await ctx.CallSubOrchestrationAsync<string>("Child", "c", instanceId: "late-child");
            })
            .AddOrchestration<string, string>("Child", async (ctx, input) =>
            {
                await ctx.WaitForExternalEvent<string>("finish");
                return input + "!";
            });
        await host.StartWorkerAsync();

        var parent = await host.Client.StartOrchestrationAsync("Parent", "p");
        var started = host.Client.WaitForStartAsync("late-child", TimeSpan.FromSeconds(30));
        var completed = host.Client.WaitForCompletionAsync("late-child", waitForInstance: true, TimeSpan.FromSeconds(30));
        await Task.Delay(100);
        Assert.False(started.IsCompleted);
        await host.Client.RaiseEventAsync(parent, "go", "now");
        var running = await started;
        await host.Client.RaiseEventAsync("late-child", "finish", "done");
        var finished = await completed;

        Assert.Equal(OrchestrationRuntimeStatus.Running, running.RuntimeStatus);
        Assert.Equal("c!", finished.ReadOutputAs<string>());
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => host.Client.WaitForCompletionAsync("never-started", TimeSpan.FromSeconds(1)));
        var timedOut = await Assert.ThrowsAsync<TimeoutException>(() => host.Client.WaitForStartAsync("never-started", TimeSpan.FromMilliseconds(200)));
        Assert.Contains("does not exist", timedOut.Message, StringComparison.Ordinal);
    }

    [ConformanceFact]
    public async Task A_suspended_instance_can_be_terminated()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"));
        await host.StartWorkerAsync();

        var id = await host.Client.StartOrchestrationAsync("Wait");
        await host.Client.SuspendAsync(id, "maintenance");
        await host.WaitUntilAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Suspended, "suspended");
        await host.Client.TerminateAsync(id, "stop");
        var status = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, status.RuntimeStatus);
    }

    [ConformanceFact]
    public async Task Terminating_a_parent_terminates_its_running_sub_orchestrations()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Parent", (ctx, _) => ctx.CallSubOrchestrationAsync<string>("Child", "x", instanceId: "the-child"))
            .AddOrchestration<string, string>("Child", (ctx, _) => ctx.WaitForExternalEvent<string>("never"));
        await host.StartWorkerAsync();

        var id = await host.Client.StartOrchestrationAsync("Parent");
        await host.WaitUntilAsync("the-child", s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running, "child running");
        await host.Client.TerminateAsync(id, "cancel the whole tree");
        var parent = await host.WaitAsync(id);
        var child = await host.WaitAsync("the-child");

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, parent.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, child.RuntimeStatus);
        Assert.Equal("cancel the whole tree", child.ReadOutputAs<string>());
    }

    [ConformanceFact]
    public async Task Messages_that_arrive_while_suspended_are_kept_and_applied_in_arrival_order_on_resume()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string[]>("Collect", async (ctx, _) =>
            {
                var activity = ctx.CallActivityAsync<string>("Echo", "activity result");
                var events = new List<string>();
                for (var i = 0; i < 3; i++)
                {
                    events.Add(await ctx.WaitForExternalEvent<string>("e"));
                }

                events.Add(await activity);
                return [.. events];
            })
            .AddActivity<string, string>("Echo", s => s);
        var id = await host.Client.StartOrchestrationAsync("Collect");
        await host.Client.SuspendAsync(id);
        await host.Client.RaiseEventAsync(id, "e", "1");
        await host.Client.RaiseEventAsync(id, "e", "2");
        await host.Client.RaiseEventAsync(id, "e", "3");
        await host.StartWorkerAsync();

        var suspended = await host.WaitUntilAsync(id, s => s.Events<TaskCompletedEvent>().Count == 1, "activity result kept while suspended");
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, suspended.RuntimeStatus);
        await host.Client.ResumeAsync(id);
        var status = await host.WaitAsync(id);

        Assert.Equal(["1", "2", "3", "activity result"], status.ReadOutputAs<string[]>());
        var order = status.History!.SkipWhile(e => e is not ExecutionSuspendedEvent).Select(e => e.EventType)
            .Where(t => t is HistoryEventType.EventRaised or HistoryEventType.TaskCompleted or HistoryEventType.ExecutionResumed).ToList();
        Assert.Equal(
            [HistoryEventType.EventRaised, HistoryEventType.EventRaised, HistoryEventType.EventRaised, HistoryEventType.TaskCompleted, HistoryEventType.ExecutionResumed],
            order);
    }

    [ConformanceFact]
    public async Task Purge_deletes_a_finished_instance_and_returns_the_count_and_refuses_an_unfinished_one()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Echo", (_, input) => Task.FromResult(input))
            .AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"));
        await host.StartWorkerAsync();
        await host.RunAsync("Echo", "x", "finished");
        var running = await host.Client.StartOrchestrationAsync("Wait", instanceId: "running");

        Assert.Equal(1, await host.Client.PurgeAsync("finished"));
        Assert.Null(await host.Client.GetStatusAsync("finished"));
        Assert.Equal(0, await host.Client.PurgeAsync("finished"));
        Assert.Equal(0, await host.Client.PurgeAsync("never-existed"));
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.PurgeAsync(running));
        Assert.Contains("'running'", refused.Message, StringComparison.Ordinal);
    }

    [ConformanceFact]
    public async Task Purge_by_filter_deletes_only_the_finished_instances_that_match_and_returns_the_count()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Echo", (_, input) => Task.FromResult(input))
            .AddOrchestration<string, string>("Fail", (_, _) => throw new InvalidOperationException("broken"))
            .AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"));
        await host.StartWorkerAsync();
        for (var i = 0; i < 5; i++)
        {
            await host.RunAsync("Echo", $"{i}", $"old-{i}");
        }

        await Task.Delay(50);
        var cutoff = DateTime.UtcNow;
        await Task.Delay(50);
        await host.RunAsync("Echo", "new", "new-0");
        await host.RunAsync("Fail", "x", "failed-0");
        await host.Client.StartOrchestrationAsync("Wait", instanceId: "waiting-0");
        await host.WaitUntilAsync("waiting-0", s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running, "running");

        var old = new InstanceQuery { Statuses = [OrchestrationRuntimeStatus.Completed], CompletedTo = cutoff };
        Assert.Equal(5, await host.Client.CountAsync(old));
        var purged = await host.Client.PurgeInstancesAsync(old with { PageSize = 2 });

        Assert.Equal(5, purged.PurgedInstanceCount);
        var left = await host.Client.ListAsync();
        Assert.Equal(["failed-0", "new-0", "waiting-0"], left.Instances.Select(s => s.InstanceId).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await host.Client.PurgeInstancesAsync(new InstanceQuery())).PurgedInstanceCount);
        Assert.Equal(["waiting-0"], (await host.Client.ListAsync()).Instances.Select(s => s.InstanceId));
    }

    [ConformanceFact]
    public async Task Purge_by_filter_refuses_a_filter_that_asks_for_unfinished_statuses_naming_them()
    {
        await using var host = CreateHost();

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.PurgeInstancesAsync(
            new InstanceQuery { Statuses = [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Running] }));

        Assert.Contains("Running", refused.Message, StringComparison.Ordinal);
        Assert.Contains("terminate", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [ConformanceFact]
    public async Task A_recursive_purge_deletes_finished_sub_orchestrations_with_their_parent_and_a_plain_one_keeps_them()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Parent", async (ctx, input) =>
                await ctx.CallSubOrchestrationAsync<string>("Child", input, instanceId: ctx.InstanceId + "-child"))
            .AddOrchestration<string, string>("Child", async (ctx, input) =>
                await ctx.CallSubOrchestrationAsync<string>("Leaf", input, instanceId: ctx.InstanceId + "-leaf"))
            .AddOrchestration<string, string>("Leaf", (_, input) => Task.FromResult(input));
        await host.StartWorkerAsync();
        await host.RunAsync("Parent", "a", "tree-a");
        await host.RunAsync("Parent", "b", "tree-b");

        Assert.Equal(1, await host.Client.PurgeAsync("tree-a", new PurgeOptions { Recursive = false }));
        Assert.NotNull(await host.Client.GetStatusAsync("tree-a-child"));
        Assert.Equal(3, await host.Client.PurgeAsync("tree-b", new PurgeOptions { Recursive = true }));
        Assert.Null(await host.Client.GetStatusAsync("tree-b-child"));
        Assert.Null(await host.Client.GetStatusAsync("tree-b-child-leaf"));
        var filtered = await host.Client.PurgeInstancesAsync(new InstanceQuery { InstanceIdPrefix = "tree-a-child" }, new PurgeOptions { Recursive = true });
        Assert.Equal(2, filtered.PurgedInstanceCount);
    }

    [ConformanceFact]
    public async Task A_retention_sweep_purges_each_status_older_than_its_age_and_keeps_younger_and_unlisted_ones()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Echo", (_, input) => Task.FromResult(input))
            .AddOrchestration<string, string>("Fail", (_, _) => throw new InvalidOperationException("broken"))
            .AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"));
        await host.StartWorkerAsync();
        await host.RunAsync("Echo", "x", "old-completed");
        await host.RunAsync("Fail", "x", "old-failed");
        await host.Client.StartOrchestrationAsync("Wait", instanceId: "old-terminated");
        await host.Client.TerminateAsync("old-terminated", "stop");
        await host.WaitAsync("old-terminated");
        await Task.Delay(600);
        await host.RunAsync("Echo", "y", "young-completed");
        await host.Client.StartOrchestrationAsync("Wait", instanceId: "running");

        var swept = await host.Client.PurgeExpiredAsync(new RetentionPolicy
        {
            Completed = TimeSpan.FromMilliseconds(300),
            Terminated = TimeSpan.FromMilliseconds(300),
        });

        Assert.Equal(new RetentionSweepResult(Completed: 1, Failed: 0, Terminated: 1), swept);
        Assert.Equal(["old-failed", "running", "young-completed"], (await host.Client.ListAsync()).Instances.Select(s => s.InstanceId).Order(StringComparer.Ordinal));
    }

    [ConformanceFact]
    public async Task A_worker_with_a_retention_policy_sweeps_by_itself_and_counts_what_it_purged()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, string>("Echo", (_, input) => Task.FromResult(input));
        var worker = await host.StartWorkerAsync(o => o.Retention = RetentionPolicy.All(TimeSpan.FromMilliseconds(200)) with { Interval = TimeSpan.FromMilliseconds(100) });
        var purged = 0L;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == worker.Instrumentation.Meter && instrument.Name == Diagnostics.WorkflowInstrumentation.MetricNames.RetentionPurged)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref purged, value));
        listener.Start();

        await host.RunAsync("Echo", "x", "short-lived");

        await Eventually.Until(async _ => await host.Client.GetStatusAsync("short-lived") is null, "the retention sweep purged the finished instance");
        Assert.Equal(1, Interlocked.Read(ref purged));
    }

    [ConformanceFact]
    public async Task Terminate_suspend_and_resume_by_filter_act_on_the_matching_unfinished_instances_only()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"));
        await host.StartWorkerAsync();
        foreach (var id in new[] { "batch-1", "batch-2", "batch-3", "other-1" })
        {
            await host.Client.StartOrchestrationAsync("Wait", instanceId: id);
            await host.WaitUntilAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running, "running");
        }

        var batch = new InstanceQuery { InstanceIdPrefix = "batch-" };
        Assert.Equal(3, await host.Client.SuspendInstancesAsync(batch, "maintenance"));
        foreach (var id in new[] { "batch-1", "batch-2", "batch-3" })
        {
            await host.WaitUntilAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Suspended, "suspended");
        }

        Assert.Equal(3, await host.Client.ResumeInstancesAsync(batch with { Statuses = [OrchestrationRuntimeStatus.Suspended] }, "done"));
        foreach (var id in new[] { "batch-1", "batch-2", "batch-3" })
        {
            await host.WaitUntilAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running, "running again");
        }

        Assert.Equal(3, await host.Client.TerminateInstancesAsync(batch, "retired"));
        foreach (var id in new[] { "batch-1", "batch-2", "batch-3" })
        {
            var status = await host.WaitAsync(id);
            Assert.Equal(OrchestrationRuntimeStatus.Terminated, status.RuntimeStatus);
        }

        Assert.Equal(0, await host.Client.TerminateInstancesAsync(batch, "again"));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetStatusAsync("other-1"))!.RuntimeStatus);
    }

    [ConformanceFact]
    public async Task List_filters_by_status_name_and_creation_time_and_pages_through_everything_once()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Echo", (_, input) => Task.FromResult(input))
            .AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"));
        await host.StartWorkerAsync();
        var before = DateTime.UtcNow.AddSeconds(-1);
        for (var i = 0; i < 7; i++)
        {
            await host.RunAsync("Echo", $"{i}", $"echo-{i}");
        }

        for (var i = 0; i < 3; i++)
        {
            await host.Client.StartOrchestrationAsync("Wait", instanceId: $"wait-{i}");
        }

        var completed = await host.Client.ListAsync(new InstanceQuery { Statuses = [OrchestrationRuntimeStatus.Completed] });
        Assert.Equal(7, completed.Instances.Count);
        var waits = await host.Client.ListAsync(new InstanceQuery { Name = "Wait" });
        Assert.Equal(["wait-0", "wait-1", "wait-2"], waits.Instances.Select(s => s.InstanceId).Order());
        var none = await host.Client.ListAsync(new InstanceQuery { CreatedTo = before });
        Assert.Empty(none.Instances);
        var prefixed = await host.Client.ListAsync(new InstanceQuery { InstanceIdPrefix = "echo-" });
        Assert.Equal(7, prefixed.Instances.Count);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await host.Client.ListAsync(new InstanceQuery { PageSize = 3, ContinuationToken = token });
            seen.AddRange(page.Instances.Select(s => s.InstanceId));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(4, pages);
        Assert.Equal(10, seen.Count);
        Assert.Equal(10, seen.Distinct().Count());
    }

    [ConformanceFact]
    public async Task Waiting_for_completion_gives_up_after_the_timeout_naming_the_status()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"));
        var id = await host.Client.StartOrchestrationAsync("Wait");

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => host.Client.WaitForCompletionAsync(id, TimeSpan.FromMilliseconds(100)));

        Assert.Contains("Pending", timeout.Message, StringComparison.Ordinal);
    }

    [ConformanceFact]
    public async Task Operations_on_an_unknown_instance_fail_with_a_clear_error()
    {
        await using var host = CreateHost();

        var raise = await Assert.ThrowsAsync<InstanceNotFoundException>(() => host.Client.RaiseEventAsync("ghost", "Approval", true));
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => host.Client.TerminateAsync("ghost"));
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => host.Client.WaitForCompletionAsync("ghost"));
        Assert.Null(await host.Client.GetStatusAsync("ghost"));
        Assert.Equal("Cannot raise event 'Approval': no orchestration instance with id 'ghost' exists.", raise.Message);
    }

    [ConformanceFact]
    public async Task A_start_time_in_the_future_keeps_the_instance_pending_until_then()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, DateTime>("When", (ctx, _) => Task.FromResult(ctx.CurrentUtcDateTime));
        await host.StartWorkerAsync();
        var startAt = DateTimeOffset.UtcNow.AddSeconds(1);

        var id = await host.Client.StartOrchestrationAsync("When", null, new StartOrchestrationOptions { StartAt = startAt });
        var early = await host.Client.GetStatusAsync(id);
        var status = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, early!.RuntimeStatus);

        Assert.True(status.ReadOutputAs<DateTime>() >= startAt.UtcDateTime);
    }
}
