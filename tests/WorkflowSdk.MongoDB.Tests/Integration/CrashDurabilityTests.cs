using System.Diagnostics;
using WorkflowSdk.Backends;
using WorkflowSdk.Conformance;
using WorkflowSdk.History;
using WorkflowSdk.Sqlite;
using WorkflowSdk.TestWorker;
using Xunit.Abstractions;
using static WorkflowSdk.MongoDB.Tests.Integration.MongoBackendProvider;

namespace WorkflowSdk.MongoDB.Tests.Integration;

/// <summary>
/// The crash test of the SQLite backend, on the MongoDB store (transaction-free protocol) with a SQLite transport:
/// worker processes killed at random moments, and workers racing with leases shorter than the work. Nothing is
/// lost and no step is applied twice.
/// </summary>
[RequiresEnvironment(UriVariable, Purpose)]
public sealed class CrashDurabilityTests(ITestOutputHelper output)
{
    private const int Instances = 100;

    [ConformanceFact]
    public async Task Killing_worker_processes_at_random_moments_loses_nothing_and_records_every_activity_completion_once()
    {
        var provider = new MongoBackendProvider();
        await using var host = new WorkflowTestHost(provider) { CompletionTimeout = TimeSpan.FromMinutes(3) };
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
            using var first = StartWorkerProcess(provider);
            using var second = StartWorkerProcess(provider);
            await Task.Delay(random.Next(200, 800));
            first.Kill(entireProcessTree: true);
            await Task.Delay(random.Next(50, 400));
            second.Kill(entireProcessTree: true);
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
        using (var survivor = StartWorkerProcess(provider))
        {
            foreach (var id in ids)
            {
                await host.Client.WaitForCompletionAsync(id, TimeSpan.FromMinutes(3));
            }

            survivor.Kill(entireProcessTree: true);
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
        var provider = new MongoBackendProvider();
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
                await Task.Delay(Random.Shared.Next(0, 2) == 0 ? 5 : 400);
                return n + 1;
            });
        var shortLeases = new SqliteBackendOptions { LeaseDuration = TimeSpan.FromMilliseconds(150), PollInterval = TimeSpan.FromMilliseconds(10) };
        await using var a = new WorkflowBackend(provider.CreateStore(), new SqliteBackend(provider.TransportPath, shortLeases));
        await using var b = new WorkflowBackend(provider.CreateStore(), new SqliteBackend(provider.TransportPath, shortLeases));
        await host.StartWorkerAsync(o => o.ActivityLeaseRenewalInterval = TimeSpan.FromSeconds(5), a);
        await host.StartWorkerAsync(o => o.ActivityLeaseRenewalInterval = TimeSpan.FromSeconds(5), b);

        var ids = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add(await host.Client.StartOrchestrationAsync("Chain", i * 10, $"race-{i:D2}"));
        }

        foreach (var id in ids)
        {
            var status = await host.WaitAsync(id);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
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

    private static Process StartWorkerProcess(MongoBackendProvider provider)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "WorkflowSdk.MongoDB.TestWorker.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(worker);
        start.ArgumentList.Add(provider.DatabaseName);
        start.ArgumentList.Add(provider.TransportPath);
        start.ArgumentList.Add("1000");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {worker}.");
        var ready = process.StandardOutput.ReadLine();
        Assert.Equal("ready", ready);
        return process;
    }
}
