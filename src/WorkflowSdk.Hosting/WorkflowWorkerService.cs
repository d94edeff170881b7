using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkflowSdk.Backends;
using WorkflowSdk.Diagnostics;

namespace WorkflowSdk.Hosting;

/// <summary>
/// The worker as a hosted service: starts with the host, and on shutdown stops taking work, lets running episodes and
/// activities finish within the host's shutdown timeout, then cancels the activities still running so they hand their
/// calls back (another worker runs them again) before the host stops.
/// </summary>
public sealed class WorkflowWorkerService : IHostedService, IAsyncDisposable
{
    private readonly HostedBackend _backend;
    private readonly IEnumerable<WorkerRegistration> _registrations;
    private readonly IOptions<WorkflowWorkerOptions> _options;
    private readonly WorkflowSdkHostOptions _hostOptions;
    private readonly WorkflowInstrumentation _instrumentation;
    private readonly ActivityScopes _scopes;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private WorkflowWorker? _worker;
    private int _state; // 0 new, 1 running, 2 stopping, 3 stopped

    /// <summary>Created by the container (see <see cref="WorkflowSdkBuilder.AddWorker"/>).</summary>
    /// <param name="backend">The backend (resolved lazily by the container).</param>
    /// <param name="registrations">The registration callbacks.</param>
    /// <param name="options">The worker's settings.</param>
    /// <param name="hostOptions">The host settings.</param>
    /// <param name="instrumentation">Traces and metrics, shared with the client.</param>
    /// <param name="services">The root provider.</param>
    /// <param name="loggerFactory">Where logs go.</param>
    public WorkflowWorkerService(
        HostedBackend backend,
        IEnumerable<WorkerRegistration> registrations,
        IOptions<WorkflowWorkerOptions> options,
        IOptions<WorkflowSdkHostOptions> hostOptions,
        WorkflowInstrumentation instrumentation,
        IServiceProvider services,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hostOptions);
        _backend = backend;
        _registrations = registrations;
        _options = options;
        _hostOptions = hostOptions.Value;
        _instrumentation = instrumentation;
        _scopes = new ActivityScopes(services);
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("WorkflowSdk.Hosting");
    }

    /// <summary>The running worker; <see langword="null"/> before the host started.</summary>
    public WorkflowWorker? Worker => _worker;

    /// <summary>Whether the worker is receiving work (started, not stopping).</summary>
    public bool IsRunning => Volatile.Read(ref _state) == 1;

    /// <summary>The registry built from the registration callbacks (after start).</summary>
    public WorkflowRegistry? Registry { get; private set; }

    /// <summary>Builds the registry, creates the worker and starts it.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>A task that completes when the worker receives work.</returns>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var registry = new WorkflowRegistry();
        foreach (var registration in _registrations)
        {
            registration.Register(registry, _scopes);
        }

        // Every activity, generated or registered by hand, runs in a dependency-injection scope of its own.
        registry.DecorateActivities((_, runner) => new ScopedActivityRunner(runner, _scopes));
        Registry = registry;

        var options = _options.Value;
        options.Instrumentation ??= _instrumentation;
        _worker = new WorkflowWorker(_backend.Backend, registry, options, _loggerFactory);
        await _worker.StartAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _state, 1);
        _logger.WorkerHosted(_worker.WorkerId, _backend.Description, string.Join(", ", registry.OrchestrationNames), string.Join(", ", registry.ActivityNames));
    }

    /// <summary>
    /// Stops taking work and waits for work in progress. When <paramref name="cancellationToken"/> fires (the host's
    /// shutdown timeout), running activities are cancelled and their calls released; the method then waits at most
    /// <see cref="WorkflowSdkHostOptions.ReleaseTimeout"/> for them to hand back.
    /// </summary>
    /// <param name="cancellationToken">Fires when the host's shutdown timeout has passed.</param>
    /// <returns>A task that completes when the worker has stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_worker is null || Interlocked.CompareExchange(ref _state, 2, 1) != 1)
        {
            return;
        }

        _logger.WorkerStopping(_worker.WorkerId);
        var stopping = _worker.StopAsync(cancellationToken);
        try
        {
            await stopping.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _logger.ShutdownTimeoutReached(_worker.WorkerId, _hostOptions.ReleaseTimeout);
            try
            {
                await stopping.WaitAsync(_hostOptions.ReleaseTimeout, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _logger.ActivitiesNotReleased(_worker.WorkerId);
            }
        }

        Volatile.Write(ref _state, 3);
    }

    /// <summary>Disposes the worker (after the host stopped it).</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_worker is { } worker && Volatile.Read(ref _state) == 3)
        {
            await worker.DisposeAsync().ConfigureAwait(false);
        }
    }
}
