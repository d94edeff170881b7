using System.Diagnostics;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.RabbitMQ;
using WorkflowSdk.Sqlite;

namespace WorkflowSdk.Throughput;

/// <summary>Runs one scenario in this (child) process on a fresh backend and reports what it measured.</summary>
internal static class ScenarioRunner
{
    public static async Task<RunResult> RunAsync(HarnessOptions options)
    {
        var scenario = options.Scenarios[0];
        try
        {
            if (scenario == "parts")
            {
                return await PartLimits.MeasureAsync(options);
            }

            using var counters = new EngineCounters();
            await using var storage = new Storage(options);
            var result = scenario switch
            {
                "sequences" => await SequencesAsync(storage, options.N ?? 1000),
                "fanout-1k" => await FanOutAsync(storage, options.N ?? 1000, scenario),
                "fanout-10k" => await FanOutAsync(storage, options.N ?? 10_000, scenario),
                "chain-500" => await ChainAsync(storage, options.N ?? 500),
                "timers" => await TimersAsync(storage, options.N ?? 1000),
                "memory" => await MemoryAsync(storage, options.N ?? 100_000),
                _ => throw new ArgumentException($"Unknown scenario '{scenario}'."),
            };
            var process = Process.GetCurrentProcess();
            // CPU time is reported beside wall time: on a shared, noisy machine it moves much less between runs.
            result.Metrics["cpu seconds"] = process.TotalProcessorTime.TotalSeconds;
            result.Metrics["allocated (MB)"] = GC.GetTotalAllocatedBytes() / 1048576.0;
            result.Metrics["gen2 collections"] = GC.CollectionCount(2);
            counters.Report(result.Metrics);
            return result with { PeakWorkingSetBytes = process.PeakWorkingSet64 };
        }
        catch (Exception ex)
        {
            return RunResult.Failed(scenario, options.Backend, ex.ToString());
        }
    }

    /// <summary>1,000 instances of three sequential activities, all started before waiting.</summary>
    private static async Task<RunResult> SequencesAsync(Storage storage, int instances)
    {
        await using var worker = await storage.StartWorkerAsync();
        var started = DateTime.UtcNow;
        var handles = await Task.WhenAll(Enumerable.Range(0, instances).Select(i => storage.Client.StartSequence3Async(i * 10, $"seq-{i}")));

        var statuses = await WaitAllAsync(storage, handles.Select(h => h.InstanceId));
        for (var i = 0; i < instances; i++)
        {
            Check(statuses[i].ReadOutputAs<int>() == (i * 10) + 3, $"seq-{i} returned {statuses[i].ReadOutputAs<int>()}");
        }

        var seconds = Elapsed(started, statuses);
        return Result("sequences", storage, seconds, new()
        {
            ["orchestrations/s"] = instances / seconds,
            ["activities/s"] = instances * 3 / seconds,
        });
    }

    /// <summary>One orchestration fanning out to N activities with Task.WhenAll.</summary>
    private static async Task<RunResult> FanOutAsync(Storage storage, int count, string name)
    {
        await using var worker = await storage.StartWorkerAsync();
        var started = DateTime.UtcNow;
        var handle = await storage.Client.StartFanOutAsync(count, "fanout");
        var status = (await WaitAllAsync(storage, [handle.InstanceId]))[0];
        var expected = ((long)count * (count - 1) / 2) + count;
        Check(status.ReadOutputAs<long>() == expected, $"fan-out returned {status.ReadOutputAs<long>()}, expected {expected}");
        var seconds = Elapsed(started, [status]);
        return Result(name, storage, seconds, new() { ["activities/s"] = count / seconds });
    }

    /// <summary>One orchestration of N sequential activities; is the cost per step flat as history grows?</summary>
    private static async Task<RunResult> ChainAsync(Storage storage, int steps)
    {
        await using var worker = await storage.StartWorkerAsync();
        var started = DateTime.UtcNow;
        var handle = await storage.Client.StartChainAsync(steps, "chain");
        await WaitAllAsync(storage, [handle.InstanceId]);
        var status = (await storage.Client.GetStatusAsync(handle.InstanceId, includeHistory: true))!;
        Check(status.ReadOutputAs<int>() == steps, $"chain returned {status.ReadOutputAs<int>()}");
        var scheduled = status.History!.OfType<TaskScheduledEvent>().Select(e => e.Timestamp).ToList();
        double MsPerStep(int from, int to) => (scheduled[to] - scheduled[from]).TotalMilliseconds / (to - from);
        var early = MsPerStep(0, Math.Min(50, steps - 1));
        var late = MsPerStep(Math.Max(0, steps - 51), steps - 1);
        var seconds = Elapsed(started, [status]);
        return Result("chain-500", storage, seconds, new()
        {
            ["ms/step, steps 1-50"] = early,
            ["ms/step, last 50 steps"] = late,
            ["late/early"] = late / early,
        });
    }

    /// <summary>N instances each waiting on a one-second durable timer.</summary>
    private static async Task<RunResult> TimersAsync(Storage storage, int instances)
    {
        await using var worker = await storage.StartWorkerAsync();
        var started = DateTime.UtcNow;
        var ids = (await Task.WhenAll(Enumerable.Range(0, instances).Select(i => storage.Client.StartSleepAsync(1000, $"timer-{i}"))))
            .Select(h => h.InstanceId).ToList();
        var startsTook = (DateTime.UtcNow - started).TotalSeconds;
        var lastTimerCreated = DateTime.MinValue;

        var statuses = await WaitAllAsync(storage, ids);
        var lateness = new List<double>(instances);
        foreach (var id in ids)
        {
            var status = (await storage.Client.GetStatusAsync(id, includeHistory: true))!;
            var history = status.History!;
            var fired = history.OfType<TimerFiredEvent>().Single();
            var created = history.OfType<TimerCreatedEvent>().Single().Timestamp;
            lastTimerCreated = created > lastTimerCreated ? created : lastTimerCreated;
            var index = history.ToList().IndexOf(fired);
            var episode = history.Take(index).OfType<OrchestratorStartedEvent>().Last().Timestamp;
            lateness.Add((episode - fired.FireAt).TotalMilliseconds);
        }

        lateness.Sort();
        var seconds = Elapsed(started, statuses);
        return Result("timers", storage, seconds, new()
        {
            ["all done after start (s)"] = seconds,
            ["all started after (s)"] = startsTook,
            ["last timer created after (s)"] = (lastTimerCreated - started).TotalSeconds,
            ["lateness p50 (ms)"] = lateness[lateness.Count / 2],
            ["lateness p99 (ms)"] = lateness[(int)(lateness.Count * 0.99)],
            ["lateness max (ms)"] = lateness[^1],
        });
    }

    /// <summary>
    /// N instances waiting on an external event: the worker's memory must be bounded by its cache, not by N. Measured at
    /// N/10 and at N waiting instances, with a cache of 1,000.
    /// </summary>
    private static async Task<RunResult> MemoryAsync(Storage storage, int instances)
    {
        await using var worker = await storage.StartWorkerAsync(o => o.CacheCapacity = 1000);
        var metrics = new Dictionary<string, double>();
        var started = DateTime.UtcNow;
        var startedCount = 0;
        foreach (var checkpoint in new[] { instances / 10, instances })
        {
            // Started a hundred at a time, as many clients would.
            while (startedCount < checkpoint)
            {
                var batch = Enumerable.Range(startedCount, Math.Min(100, checkpoint - startedCount)).ToArray();
                await Task.WhenAll(batch.Select(i => storage.Client.StartWaitForGoAsync(i, $"wait-{i}")));
                startedCount += batch.Length;
            }

            // Every instance has run its first episode (and waits) when none is Pending any more.
            await WaitUntilNonePendingAsync(storage);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            metrics[$"working set at {checkpoint:N0} waiting (MB)"] = Process.GetCurrentProcess().WorkingSet64 / 1048576.0;
            metrics[$"managed heap at {checkpoint:N0} waiting (MB)"] = GC.GetTotalMemory(forceFullCollection: false) / 1048576.0;
        }

        metrics["cached instances"] = worker.CachedInstances;
        return Result("memory", storage, (DateTime.UtcNow - started).TotalSeconds, metrics);
    }

    private static async Task WaitUntilNonePendingAsync(Storage storage)
    {
        var pending = new InstanceQuery { Statuses = [OrchestrationRuntimeStatus.Pending], PageSize = 1 };
        while ((await storage.Client.ListAsync(pending)).Instances.Count > 0)
        {
            await Task.Delay(100);
        }
    }

    private static async Task<List<OrchestrationStatus>> WaitAllAsync(Storage storage, IEnumerable<string> ids)
    {
        var statuses = new List<OrchestrationStatus>();
        foreach (var id in ids)
        {
            var status = await storage.Client.WaitForCompletionAsync(id, TimeSpan.FromMinutes(10));
            Check(status.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{id} is {status.RuntimeStatus}: {status.FailureDetails}");
            statuses.Add(status);
        }

        return statuses;
    }

    /// <summary>From the first start to the last completion, as the store recorded it.</summary>
    private static double Elapsed(DateTime started, IEnumerable<OrchestrationStatus> statuses) =>
        (statuses.Max(s => s.CompletedAt!.Value) - started).TotalSeconds;

    private static RunResult Result(string scenario, Storage storage, double seconds, Dictionary<string, double> metrics) =>
        new() { Scenario = scenario, Backend = storage.Backend, Seconds = seconds, Metrics = metrics };

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    /// <summary>A fresh database file (and task hub), the worker and the client of one run.</summary>
    private sealed class Storage : IAsyncDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "workflowsdk-throughput", Guid.NewGuid().ToString("N"));
        private readonly RabbitMQTransportOptions? _rabbit;
        private readonly WorkflowBackend _backend;
        private readonly int? _orchestrations;
        private readonly int? _cache;

        public Storage(HarnessOptions options)
        {
            _orchestrations = options.Orchestrations;
            _cache = options.Cache;
            Directory.CreateDirectory(_directory);
            Backend = options.Backend;
            var path = Path.Combine(_directory, "workflows.db");
            if (options.Backend == "rabbitmq")
            {
                _rabbit = new RabbitMQTransportOptions { ConnectionString = options.RabbitMQUri, HubName = $"tput-{Guid.NewGuid():N}"[..17] };
                _backend = new WorkflowBackend(new SqliteBackend(path), new RabbitMQTransport(_rabbit));
            }
            else
            {
                _backend = SqliteBackend.Open(path);
            }

            Client = new WorkflowClient(_backend, new WorkflowClientOptions { MaxPollInterval = TimeSpan.FromMilliseconds(10) });
        }

        public string Backend { get; }

        public WorkflowClient Client { get; }

        public async Task<WorkflowWorker> StartWorkerAsync(Action<WorkflowWorkerOptions>? configure = null)
        {
            var options = new WorkflowWorkerOptions();
            if (_orchestrations is { } orchestrations)
            {
                options.MaxConcurrentOrchestrations = orchestrations;
            }

            if (_cache is { } cache)
            {
                options.CacheCapacity = cache;
            }

            configure?.Invoke(options);
            var worker = new WorkflowWorker(_backend, new WorkflowRegistry().AddGeneratedWorkflows(), options);
            await worker.StartAsync();
            return worker;
        }

        public async ValueTask DisposeAsync()
        {
            await _backend.DisposeAsync();
            if (_rabbit is not null)
            {
                await using var cleanup = new RabbitMQTransport(_rabbit);
                await cleanup.DeleteHubAsync();
            }

            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean.
            }
        }
    }
}
