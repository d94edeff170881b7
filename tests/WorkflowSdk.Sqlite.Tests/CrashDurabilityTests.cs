using System.Diagnostics;
using WorkflowSdk.Conformance;
using WorkflowSdk.History;
using WorkflowSdk.TestWorker;
using Xunit.Abstractions;

namespace WorkflowSdk.Sqlite.Tests;

/// <summary>
/// Worker processes killed at random moments, and workers racing on one file: nothing is lost and no step is
/// applied twice.
/// </summary>
public sealed class CrashDurabilityTests(ITestOutputHelper output)
{
    private const int Instances = 200;

    [Fact]
    public async Task Killing_worker_processes_at_random_moments_loses_nothing_and_records_every_activity_completion_once()
    {
        var provider = new SqliteBackendProvider();
        await using var host = new WorkflowTestHost(provider) { CompletionTimeout = TimeSpan.FromMinutes(2) };
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
            using var first = StartWorkerProcess(provider.DatabasePath);
            using var second = StartWorkerProcess(provider.DatabasePath);
            await Task.Delay(random.Next(100, 500));
            first.Kill(entireProcessTree: true);
            await Task.Delay(random.Next(50, 300));
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
        using (var survivor = StartWorkerProcess(provider.DatabasePath))
        {
            foreach (var id in ids)
            {
                await host.Client.WaitForCompletionAsync(id, TimeSpan.FromMinutes(2));
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

    [Fact]
    public async Task Two_workers_racing_on_one_file_with_leases_shorter_than_the_work_apply_every_step_once()
    {
        var provider = new SqliteBackendProvider();
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
        var shortLeases = new SqliteBackendOptions { LeaseDuration = TimeSpan.FromMilliseconds(150), PollInterval = TimeSpan.FromMilliseconds(10) };
        await using var fileA = SqliteBackend.Open(provider.DatabasePath, shortLeases);
        await using var fileB = SqliteBackend.Open(provider.DatabasePath, shortLeases);
        // Leases this short also expire under episodes on a loaded machine; each expiry is a delivery, so the poison
        // limit is raised: this test is about racing, not about poison messages.
        static void Configure(WorkflowWorkerOptions o)
        {
            o.ActivityLeaseRenewalInterval = TimeSpan.FromSeconds(5);
            o.MaxDeliveryCount = 1000;
        }

        await host.StartWorkerAsync(Configure, fileA);
        await host.StartWorkerAsync(Configure, fileB);

        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
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

    private static Process StartWorkerProcess(string databasePath)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "WorkflowSdk.TestWorker.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(worker);
        start.ArgumentList.Add(databasePath);
        start.ArgumentList.Add("1000");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {worker}.");
        var ready = process.StandardOutput.ReadLine();
        Assert.Equal("ready", ready);
        return process;
    }
}
