using WorkflowSdk.History;
using WorkflowSdk.TestWorker;
using Xunit.Abstractions;

namespace WorkflowSdk.Conformance;

/// <summary>
/// Worker processes killed at random moments, and workers racing on one storage with leases shorter than the work:
/// nothing is lost and no step is applied twice. The worker processes are <c>tests/WorkflowSdk.TestWorker</c>,
/// started through the provider (<see cref="IWorkerProcessProvider"/>).
/// </summary>
/// <param name="output">The test's output (rounds, worker warnings).</param>
public abstract class CrashDurabilityTests(ITestOutputHelper output) : ConformanceTests
{
    /// <summary>How many instances the kill test runs.</summary>
    protected virtual int Instances => 200;

    /// <summary>How long the kill test waits for every instance at the end.</summary>
    protected virtual TimeSpan CompletionTimeout => TimeSpan.FromMinutes(2);

    /// <summary>How long (ms, from inclusive, to exclusive) the first worker of a round runs before it is killed.</summary>
    protected virtual (int From, int To) FirstKillAfter => (100, 500);

    /// <summary>How long (ms) the second worker of a round runs after the first was killed.</summary>
    protected virtual (int From, int To) SecondKillAfter => (50, 300);

    /// <summary>How many instances race in the short-lease test.</summary>
    protected virtual int RacingInstances => 40;

    /// <summary>The provider of fresh storage, which also starts worker processes on it.</summary>
    /// <returns>The provider.</returns>
    protected abstract IWorkerProcessProvider CreateWorkerProcessProvider();

    /// <inheritdoc/>
    protected sealed override IBackendProvider CreateProvider() => CreateWorkerProcessProvider();

    [ConformanceFact]
    public async Task Killing_worker_processes_at_random_moments_loses_nothing_and_records_every_activity_completion_once()
    {
        var provider = CreateWorkerProcessProvider();
        var lease = TimeSpan.FromMilliseconds(1000);
        await using var host = new WorkflowTestHost(provider) { CompletionTimeout = CompletionTimeout };
        var ids = new List<string>();
        for (var i = 0; i < Instances; i++)
        {
            ids.Add(await host.Client.StartOrchestrationAsync(CrashWorkflows.Sequence, i * 100, $"crash-{i:D3}"));
        }

        var random = new Random(Seed: 20261123);
        var total = Instances * CrashWorkflows.Steps;
        var midRunKills = 0;
        for (var round = 0; round < 12; round++)
        {
            // Two workers at a time; each is killed at a random moment.
            using var first = provider.StartWorker(lease, output);
            using var second = provider.StartWorker(lease, output);
            await Task.Delay(random.Next(FirstKillAfter.From, FirstKillAfter.To));
            first.Kill();
            await Task.Delay(random.Next(SecondKillAfter.From, SecondKillAfter.To));
            second.Kill();
            await first.WaitForExitAsync();
            await second.WaitForExitAsync();
            var completed = await CountCompletedActivitiesAsync(host, ids);
            output.WriteLine($"round {round}: {completed} of {total} activity completions recorded after the kills");
            if (completed == total)
            {
                break;
            }

            if (completed > 0)
            {
                midRunKills += 2;
            }
        }

        Assert.True(midRunKills >= 2, $"only {midRunKills} kills happened while work was in progress");
        using (var survivor = provider.StartWorker(lease, output))
        {
            foreach (var id in ids)
            {
                await host.Client.WaitForCompletionAsync(id, CompletionTimeout);
            }

            survivor.Kill();
        }

        for (var i = 0; i < Instances; i++)
        {
            var status = (await host.Client.GetStatusAsync(ids[i], includeHistory: true))!;
            Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
            Assert.Equal((i * 100) + CrashWorkflows.Steps, status.ReadOutputAs<int>());
            Assert.Equal([0, 1, 2, 3, 4], status.Events<TaskScheduledEvent>().Select(e => e.TaskId));
            Assert.Equal([0, 1, 2, 3, 4], status.Events<TaskCompletedEvent>().Select(e => e.TaskId));
            Assert.Single(status.Events<ExecutionStartedEvent>());
            Assert.Single(status.Events<ExecutionCompletedEvent>());
        }
    }

    [ConformanceFact]
    public async Task Two_workers_racing_with_leases_shorter_than_the_work_apply_every_step_once()
    {
        var provider = CreateWorkerProcessProvider();
        await using var host = new WorkflowTestHost(provider) { CompletionTimeout = TimeSpan.FromMinutes(2) };
        var executions = 0;
        host.Registry
            .AddOrchestration<int, int>("Chain", async (ctx, n) =>
            {
                for (var i = 0; i < 3; i++)
                {
                    n = await ctx.CallActivityAsync<int>("SlowIncrement", n);
                }

                return n;
            })
            .AddActivity<int, int>("SlowIncrement", async n =>
            {
                Interlocked.Increment(ref executions);
                // Longer than the lease: the other worker takes the call over while this one still runs it.
                await Task.Delay(Random.Shared.Next(0, 2) == 0 ? 5 : 400);
                return n + 1;
            });
        await using var a = provider.Create(TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(10));
        await using var b = provider.Create(TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(10));
        // Leases this short also expire under episodes on a loaded machine; each expiry is a delivery, so the poison
        // limit is raised: this test is about racing, not about poison messages.
        static void Configure(WorkflowWorkerOptions o)
        {
            o.ActivityLeaseRenewalInterval = TimeSpan.FromSeconds(5);
            o.MaxDeliveryCount = 1000;
        }

        await host.StartWorkerAsync(Configure, a);
        await host.StartWorkerAsync(Configure, b);

        var ids = new List<string>();
        for (var i = 0; i < RacingInstances; i++)
        {
            ids.Add(await host.Client.StartOrchestrationAsync("Chain", i * 10, $"race-{i:D2}"));
        }

        foreach (var id in ids)
        {
            var status = await host.WaitAsync(id);
            Assert.True(status.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{id} is {status.RuntimeStatus}: {status.FailureDetails}");
            Assert.Equal([0, 1, 2], status.Events<TaskCompletedEvent>().Select(e => e.TaskId));
            Assert.Equal(status.ReadInputAs<int>() + 3, status.ReadOutputAs<int>());
        }

        output.WriteLine($"{executions} activity executions for {ids.Count * 3} recorded completions");
        Assert.True(executions > ids.Count * 3, "leases shorter than the work must have made some activities run twice");
    }

    private static async Task<int> CountCompletedActivitiesAsync(WorkflowTestHost host, List<string> ids)
    {
        var completed = 0;
        foreach (var id in ids)
        {
            completed += (await host.Client.GetStatusAsync(id, includeHistory: true))!.Events<TaskCompletedEvent>().Count;
        }

        return completed;
    }
}
