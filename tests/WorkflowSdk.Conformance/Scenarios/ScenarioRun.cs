using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using WorkflowSdk.Backends;
using WorkflowSdk.Diagnostics;

namespace WorkflowSdk.Conformance.Scenarios;

/// <summary>
/// One run of a sample scenario on a fresh backend: a <see cref="WorkflowTestHost"/> plus workers that all get the
/// same option overrides (e.g. <c>CacheCapacity = 0</c>), may run another registry (a new release), and report how
/// many episodes resumed from the cache or replayed history.
/// </summary>
public sealed class ScenarioRun : IAsyncDisposable
{
    private readonly IBackendProvider _provider;
    private readonly Action<WorkflowWorkerOptions>? _configure;
    private readonly List<WorkflowWorker> _workers = [];
    private readonly List<IDisposable> _owned = [];
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(Meter Meter, string Instrument), long> _counts = new();

    /// <summary>Creates the run.</summary>
    /// <param name="provider">The backend under test.</param>
    /// <param name="configure">Applied to the options of every worker of the run.</param>
    public ScenarioRun(IBackendProvider provider, Action<WorkflowWorkerOptions>? configure = null)
    {
        _provider = provider;
        _configure = configure;
        Host = new WorkflowTestHost(provider);

        // Meters of every worker in the process are seen; counts are kept per meter and summed over this run's workers.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WorkflowInstrumentation.SourceName && instrument.Name.StartsWith("workflowsdk.orchestration.cache.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _counts.AddOrUpdate((instrument.Meter, instrument.Name), value, (_, sum) => sum + value));
        _listener.Start();
    }

    /// <summary>The host: backend, client, registry and waits.</summary>
    public WorkflowTestHost Host { get; }

    /// <summary>The registry workers run unless given another.</summary>
    public WorkflowRegistry Registry => Host.Registry;

    /// <summary>A client on the run's backend.</summary>
    public WorkflowClient Client => Host.Client;

    /// <summary>Episodes of this run's workers that resumed a cached orchestration.</summary>
    public long CacheHits => Count("workflowsdk.orchestration.cache.hits");

    /// <summary>Episodes of this run's workers that replayed history.</summary>
    public long CacheMisses => Count("workflowsdk.orchestration.cache.misses");

    /// <summary>Starts a worker with test-friendly options and the run's overrides.</summary>
    /// <param name="registry">What it runs; <see langword="null"/> for <see cref="Registry"/>.</param>
    /// <param name="backend">Where it runs; <see langword="null"/> for the host's backend.</param>
    /// <returns>The started worker (stopped when the run is disposed).</returns>
    public async Task<WorkflowWorker> StartWorkerAsync(WorkflowRegistry? registry = null, WorkflowBackend? backend = null)
    {
        var options = new WorkflowWorkerOptions
        {
            ReceiveWait = TimeSpan.FromMilliseconds(200),
            ErrorRetryDelay = TimeSpan.FromMilliseconds(50),
            MaxConcurrentOrchestrations = 4,
        };
        _provider.Configure(options);
        _configure?.Invoke(options);
        var worker = new WorkflowWorker(backend ?? Host.Backend, registry ?? Registry, options);
        _workers.Add(worker);
        await worker.StartAsync();
        return worker;
    }

    /// <summary>Stops a worker the way a crash would: running activities are cancelled and go back to the queue.</summary>
    /// <param name="worker">The worker.</param>
    /// <returns>A task.</returns>
    public static async Task KillAsync(WorkflowWorker worker)
    {
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        await worker.StopAsync(now.Token);
    }

    /// <summary>Disposes <paramref name="disposable"/> when the run ends, before its workers stop.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="disposable">E.g. a simulated service whose pending calls must be abandoned.</param>
    /// <returns><paramref name="disposable"/>.</returns>
    public T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>Waits for an instance started through a generated typed start to finish; the status has its history.</summary>
    /// <typeparam name="THandle">The handle type.</typeparam>
    /// <param name="starting">The start, e.g. <c>run.Client.StartBookTripAsync(trip, trip.TripId)</c>.</param>
    /// <returns>The final status.</returns>
    public async Task<OrchestrationStatus> RunAsync<THandle>(Task<THandle> starting)
        where THandle : OrchestrationHandle => await Host.WaitAsync((await starting).InstanceId);

    /// <summary>Reads an instance with its history.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <returns>The status.</returns>
    public async Task<OrchestrationStatus> GetAsync(string instanceId) =>
        await Client.GetStatusAsync(instanceId, includeHistory: true) ?? throw new InvalidOperationException($"No instance '{instanceId}'.");

    /// <summary>Abandons owned resources, stops the workers, removes the storage.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }

        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        await Host.DisposeAsync();
        _listener.Dispose();
    }

    private long Count(string instrument) =>
        _workers.Sum(w => _counts.GetValueOrDefault((w.Instrumentation.Meter, instrument)));
}
