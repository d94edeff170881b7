using WorkflowSdk.Backends;
using WorkflowSdk.Conformance;
using WorkflowSdk.History;
using WorkflowSdk.TestWorker;
using Xunit.Abstractions;

namespace WorkflowSdk.RabbitMQ.Tests;

/// <summary>These tests kill processes and restart the broker, so they run alone, after the others.</summary>
[CollectionDefinition(nameof(WholeBroker), DisableParallelization = true)]
public sealed class WholeBroker;

/// <summary>Worker processes killed mid-run and a broker restarted mid-run: every instance finishes, every step once.</summary>
[Collection(nameof(WholeBroker))]
public sealed class ProcessTests(ITestOutputHelper output)
{
    private const int Partitions = 12;

    [Fact]
    public async Task Three_worker_processes_run_1000_instances_and_killing_one_mid_run_loses_nothing()
    {
        const int instances = 1000;
        var provider = new RabbitMQBackendProvider(o => o.PartitionCount = Partitions);
        await using var host = new WorkflowTestHost(provider) { CompletionTimeout = TimeSpan.FromMinutes(3) };
        await host.Backend.InitializeAsync();
        using var a = StartWorkerProcess(provider);
        using var b = StartWorkerProcess(provider);
        using var c = StartWorkerProcess(provider);
        var ids = new List<string>();
        for (var i = 0; i < instances; i++)
        {
            ids.Add(await host.Client.StartOrchestrationAsync(SequenceWorkflows.Sequence, i * 10, $"seq-{i:D4}"));
        }

        var before = await WaitForCompletedAsync(host.Backend.Store, instances / 5);
        b.Kill();
        await b.WaitForExitAsync();
        output.WriteLine($"killed one worker with {before} of {instances} instances completed");
        Assert.True(before < instances, "the kill must land mid-run");

        await WaitForCompletedAsync(host.Backend.Store, instances, TimeSpan.FromMinutes(3));
        a.Kill();
        c.Kill();
        await AssertEveryStepOnceAsync(host, ids);
    }

    [Fact]
    public async Task A_broker_restart_mid_run_is_survived_and_nothing_is_lost_or_applied_twice()
    {
        const int instances = 300;
        var provider = new RabbitMQBackendProvider(o => o.PartitionCount = Partitions);
        await using var host = new WorkflowTestHost(provider) { CompletionTimeout = TimeSpan.FromMinutes(3) };
        await host.Backend.InitializeAsync();
        using var a = StartWorkerProcess(provider);
        using var b = StartWorkerProcess(provider);
        var ids = new List<string>();
        for (var i = 0; i < instances; i++)
        {
            ids.Add(await host.Client.StartOrchestrationAsync(SequenceWorkflows.Sequence, i * 10, $"seq-{i:D4}"));
        }

        var before = await WaitForCompletedAsync(host.Backend.Store, instances / 10);
        try
        {
            await BrokerTools.RabbitmqctlAsync("stop_app");
            output.WriteLine($"broker stopped with {before} of {instances} instances completed");
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            await BrokerTools.RabbitmqctlAsync("start_app");
            await BrokerTools.RabbitmqctlAsync("await_startup");
        }

        Assert.True(before < instances, "the restart must land mid-run");
        await WaitForCompletedAsync(host.Backend.Store, instances, TimeSpan.FromMinutes(3));
        a.Kill();
        b.Kill();
        await AssertEveryStepOnceAsync(host, ids);
    }

    private static async Task AssertEveryStepOnceAsync(WorkflowTestHost host, List<string> ids)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            var status = (await host.Client.GetStatusAsync(ids[i], includeHistory: true))!;
            Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
            Assert.Equal((i * 10) + SequenceWorkflows.Steps, status.ReadOutputAs<int>());
            Assert.Equal([0, 1, 2], status.Events<TaskScheduledEvent>().Select(e => e.TaskId));
            Assert.Equal([0, 1, 2], status.Events<TaskCompletedEvent>().Select(e => e.TaskId));
            Assert.Single(status.Events<ExecutionStartedEvent>());
            Assert.Single(status.Events<ExecutionCompletedEvent>());
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> instances completed; returns how many had.</summary>
    private static Task<int> WaitForCompletedAsync(IWorkflowStore store, int count, TimeSpan? timeout = null) =>
        Eventually.Value(
            async ct =>
            {
                var completed = 0;
                string? token = null;
                do
                {
                    var page = await store.ListInstancesAsync(
                        new InstanceQuery { Statuses = [OrchestrationRuntimeStatus.Completed], PageSize = 1000, ContinuationToken = token }, ct);
                    completed += page.Instances.Count;
                    token = page.ContinuationToken;
                }
                while (token is not null);

                return completed;
            },
            completed => completed >= count,
            $"{count} instances completed",
            completed => $"{completed} completed",
            timeout ?? TimeSpan.FromMinutes(2),
            TimeSpan.FromMilliseconds(100));

    private WorkerProcess StartWorkerProcess(RabbitMQBackendProvider provider) =>
        WorkerProcess.Start(provider.WorkerArguments(Partitions), output);
}
