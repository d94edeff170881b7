using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WorkflowSdk.Backends;
using WorkflowSdk.Diagnostics;
using WorkflowSdk.Replay;
using WorkflowSdk.Serialization;
using WorkflowSdk.Worker;

namespace WorkflowSdk;

/// <summary>
/// Hosts orchestrations and activities on a backend: receives their messages, runs episodes and activity
/// calls, commits the results. Start as many workers (threads or processes) on one backend as you like;
/// any worker can run any instance.
/// </summary>
/// <example>
/// <code>
/// var registry = new WorkflowRegistry()
///     .AddOrchestration&lt;string, string&gt;("Greet", GreetAsync)
///     .AddActivity&lt;string, string&gt;("SayHello", name => $"Hello, {name}!");
/// await using var worker = new WorkflowWorker(backend, registry);
/// await worker.StartAsync();
/// </code>
/// </example>
public sealed class WorkflowWorker : IAsyncDisposable
{
    private readonly WorkflowBackend _backend;
    private readonly WorkflowRegistry _registry;
    private readonly WorkflowWorkerOptions _options;
    private readonly ILogger _logger;
    private readonly WorkflowInstrumentation _instrumentation;
    private readonly bool _ownsInstrumentation;
    private readonly OrchestrationCache _cache;
    private readonly OrchestrationProcessor _orchestrations;
    private readonly ActivityProcessor _activities;
    private readonly ActivityLeaseKeeper _leases;
    private readonly OutboxRelay? _relay;
    private readonly CancellationTokenSource _stopReceiving = new();
    private readonly CancellationTokenSource _abortWork = new();
    private readonly CancellationTokenSource _stopLeases = new();
    private Task _leaseKeeper = Task.CompletedTask;
    private readonly List<Task> _loops = [];
    private int _state; // 0 new, 1 started, 2 stopped

    /// <summary>Creates a worker.</summary>
    /// <param name="backend">The store and transport.</param>
    /// <param name="registry">The orchestrations and activities this worker runs.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">Where logs go; <see langword="null"/> for nowhere.</param>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public WorkflowWorker(WorkflowBackend backend, WorkflowRegistry registry, WorkflowWorkerOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(registry);
        _backend = backend;
        _registry = registry;
        _options = options ?? new WorkflowWorkerOptions();
        _options.Validate();
        _ownsInstrumentation = _options.Instrumentation is null;
        _instrumentation = _options.Instrumentation ?? new WorkflowInstrumentation();
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger("WorkflowSdk.Worker");
        var codec = new PayloadCodec(_options.PayloadSerializer, _options.MaxPayloadBytes);
        _cache = new OrchestrationCache(_options.CacheCapacity);
        var outbox = new OutboxPublisher(backend, _options.OutboxClaimDuration);
        _relay = outbox.IsNeeded ? new OutboxRelay(outbox, backend.Store, _options, _logger) : null;
        _orchestrations = new OrchestrationProcessor(
            backend, new ExecutorEnvironment(registry, codec, loggerFactory), _cache, _options, _instrumentation, _logger, outbox, _relay);
        _leases = new ActivityLeaseKeeper(_options, _logger);
        _activities = new ActivityProcessor(registry, codec, _options, _instrumentation, _leases, _logger);
        WorkerId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>An id for this worker in logs.</summary>
    public string WorkerId { get; }

    /// <summary>The worker's traces and metrics.</summary>
    public WorkflowInstrumentation Instrumentation => _instrumentation;

    /// <summary>How many orchestration instances are cached in memory right now.</summary>
    public int CachedInstances => _cache.Count;

    /// <summary>Initializes the backend and starts receiving work.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>A task that completes when the worker is receiving.</returns>
    /// <exception cref="InvalidOperationException">The worker was already started.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("A WorkflowWorker can be started only once.");
        }

        await _backend.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var stopping = _stopReceiving.Token;
        if (_options.RunOrchestrations)
        {
            for (var i = 0; i < _options.MaxConcurrentOrchestrations; i++)
            {
                _loops.Add(Task.Run(() => OrchestrationLoopAsync(stopping), CancellationToken.None));
            }
        }

        if (_options.RunActivities)
        {
            // One loop per activity slot: each receives a call and runs it to completion, so at most
            // MaxConcurrentActivities run at once and a transport sees how many receivers wait.
            for (var i = 0; i < _options.MaxConcurrentActivities; i++)
            {
                _loops.Add(Task.Run(() => ActivityLoopAsync(stopping), CancellationToken.None));
            }

            var leasesStop = _stopLeases.Token;
            _leaseKeeper = Task.Run(() => _leases.RunAsync(leasesStop), CancellationToken.None);
        }

        if (_relay is { } relay)
        {
            _loops.Add(Task.Run(() => relay.RunAsync(stopping), CancellationToken.None));
        }

        _loops.Add(Task.Run(() => SampleBacklogAsync(stopping), CancellationToken.None));
        if (_options.Retention is { } retention)
        {
            var sweeper = new RetentionSweeper(_backend, retention, _options, _instrumentation, _logger);
            _loops.Add(Task.Run(() => sweeper.RunAsync(stopping), CancellationToken.None));
        }

        _logger.WorkerStarted(WorkerId, _registry.OrchestrationNames.Count(), _registry.ActivityNames.Count());
    }

    /// <summary>
    /// Stops receiving work and waits for work in progress to finish. When <paramref name="cancellationToken"/>
    /// fires first, running activities are cancelled and their calls released for another worker.
    /// </summary>
    /// <param name="cancellationToken">Ends the graceful wait.</param>
    /// <returns>A task that completes when the worker has stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _state, 2) != 1)
        {
            return;
        }

        await _stopReceiving.CancelAsync().ConfigureAwait(false);
        using (cancellationToken.Register(() => _abortWork.Cancel()))
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }

        // Running activities kept their leases until they finished; nothing is left to renew.
        await _stopLeases.CancelAsync().ConfigureAwait(false);
        await _leaseKeeper.ConfigureAwait(false);

        _logger.WorkerStopped(WorkerId);
    }

    /// <summary>Stops the worker (gracefully, waiting for work in progress) and releases its resources.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopReceiving.Dispose();
        _abortWork.Dispose();
        _stopLeases.Dispose();
        if (_ownsInstrumentation)
        {
            _instrumentation.Dispose();
        }
    }

    private Task OrchestrationLoopAsync(CancellationToken stopping) =>
        ReceiveLoopAsync(_backend.Transport.ReceiveOrchestrationWorkItemAsync, _orchestrations.ProcessAsync, stopping);

    private Task ActivityLoopAsync(CancellationToken stopping) =>
        ReceiveLoopAsync(_backend.Transport.ReceiveActivityWorkItemAsync, _activities.ProcessAsync, stopping);

    /// <summary>One receiver: takes work items one at a time and processes each before taking the next, until stopped.</summary>
    private async Task ReceiveLoopAsync<TWorkItem>(
        Func<TimeSpan, CancellationToken, Task<TWorkItem?>> receive, Func<TWorkItem, CancellationToken, Task> process, CancellationToken stopping)
        where TWorkItem : class
    {
        // Whatever span was current when the worker started is not the parent of the work it receives.
        Activity.Current = null;
        while (!stopping.IsCancellationRequested)
        {
            TWorkItem? workItem;
            try
            {
                workItem = await receive(_options.ReceiveWait, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                await BackOffAsync(ex, stopping).ConfigureAwait(false);
                continue;
            }

            if (workItem is not null)
            {
                await process(workItem, _abortWork.Token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Feeds the backlog gauge while anyone listens to it.</summary>
    private async Task SampleBacklogAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            if (_instrumentation.Backlog.Enabled)
            {
                try
                {
                    var backlog = await _backend.Transport.GetBacklogAsync(stopping).ConfigureAwait(false);
                    _instrumentation.SetBacklog(backlog?.OrchestrationMessages ?? -1, backlog?.ActivityCalls ?? -1);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    _logger.BacklogSampleFailed(ex);
                }
            }

            try
            {
                await Task.Delay(_options.BacklogSampleInterval, _options.TimeProvider, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task BackOffAsync(Exception ex, CancellationToken stopping)
    {
        _logger.ReceiveFailed(ex, _options.ErrorRetryDelay);
        try
        {
            await Task.Delay(_options.ErrorRetryDelay, _options.TimeProvider, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
