using Microsoft.Extensions.Logging;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.Conformance;

/// <summary>
/// A backend, a registry, workers and a client for one test: <c>await using var host = ...</c>. Workers
/// started through it are stopped and the backend's storage removed when it is disposed.
/// </summary>
public sealed class WorkflowTestHost : IAsyncDisposable
{
    private readonly IBackendProvider _provider;
    private readonly List<WorkflowWorker> _workers = [];
    private readonly List<WorkflowBackend> _backends = [];
    private readonly PayloadCodec _codec = new(new MessagePackPayloadSerializer());

    /// <summary>Creates a host over a backend from <paramref name="provider"/>.</summary>
    /// <param name="provider">Creates backends.</param>
    /// <param name="loggerFactory">Where worker logs go (defaults to nowhere).</param>
    public WorkflowTestHost(IBackendProvider provider, ILoggerFactory? loggerFactory = null)
    {
        _provider = provider;
        LoggerFactory = loggerFactory;
        Backend = NewBackend();
        Client = new WorkflowClient(Backend, new WorkflowClientOptions { MaxPollInterval = TimeSpan.FromMilliseconds(20) });
    }

    /// <summary>The registry the workers run (add orchestrations and activities before starting them).</summary>
    public WorkflowRegistry Registry { get; } = new();

    /// <summary>The backend the client and the first worker use.</summary>
    public WorkflowBackend Backend { get; }

    /// <summary>A client on <see cref="Backend"/>.</summary>
    public WorkflowClient Client { get; }

    /// <summary>Logs of the workers.</summary>
    public ILoggerFactory? LoggerFactory { get; }

    /// <summary>How long <see cref="RunAsync"/> waits for an instance to finish. Default 30 s.</summary>
    public TimeSpan CompletionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Decodes a payload from history with the default serializer.</summary>
    /// <typeparam name="T">The payload type.</typeparam>
    /// <param name="payload">The bytes.</param>
    /// <returns>The value.</returns>
    public T Decode<T>(byte[]? payload) => _codec.Decode<T>(payload, "payload");

    /// <summary>Opens another handle on the same storage (as another process would).</summary>
    /// <returns>The backend; disposed with the host.</returns>
    public WorkflowBackend NewBackend()
    {
        var backend = _provider.Create();
        _backends.Add(backend);
        return backend;
    }

    /// <summary>Starts a worker on <see cref="Backend"/> (or <paramref name="backend"/>) with test-friendly options.</summary>
    /// <param name="configure">Adjusts the options further.</param>
    /// <param name="backend">The backend to run on; <see langword="null"/> for <see cref="Backend"/>.</param>
    /// <returns>The started worker.</returns>
    public async Task<WorkflowWorker> StartWorkerAsync(Action<WorkflowWorkerOptions>? configure = null, WorkflowBackend? backend = null)
    {
        var options = new WorkflowWorkerOptions
        {
            ReceiveWait = TimeSpan.FromMilliseconds(200),
            ErrorRetryDelay = TimeSpan.FromMilliseconds(50),
            MaxConcurrentOrchestrations = 4,
        };
        _provider.Configure(options);
        configure?.Invoke(options);
        var worker = new WorkflowWorker(backend ?? Backend, Registry, options, LoggerFactory);
        _workers.Add(worker);
        await worker.StartAsync();
        return worker;
    }

    /// <summary>Starts an instance and waits for it to finish.</summary>
    /// <param name="name">The orchestration.</param>
    /// <param name="input">Its input.</param>
    /// <param name="instanceId">Its id, or <see langword="null"/>.</param>
    /// <returns>The final status, with history.</returns>
    public async Task<OrchestrationStatus> RunAsync(string name, object? input = null, string? instanceId = null)
    {
        var id = await Client.StartOrchestrationAsync(name, input, instanceId);
        return await WaitAsync(id);
    }

    /// <summary>Waits for an instance to finish and reads it with its history.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <returns>The final status, with history.</returns>
    public async Task<OrchestrationStatus> WaitAsync(string instanceId)
    {
        await Client.WaitForCompletionAsync(instanceId, CompletionTimeout);
        return (await Client.GetStatusAsync(instanceId, includeHistory: true))!;
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the instance's status (with history).</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="condition">What to wait for.</param>
    /// <param name="what">What is awaited, for the timeout message.</param>
    /// <returns>The status that satisfied the condition.</returns>
    public async Task<OrchestrationStatus> WaitUntilAsync(string instanceId, Func<OrchestrationStatus, bool> condition, string what) =>
        (await Eventually.Value(
            async ct =>
            {
                var status = await Client.GetStatusAsync(instanceId, includeHistory: true, ct);
                if (status is { IsFinished: true } && !condition(status))
                {
                    throw new InvalidOperationException(
                        $"Instance '{instanceId}' finished ({status.RuntimeStatus}: {status.FailureDetails}) before reaching '{what}'.");
                }

                return status;
            },
            status => status is not null && condition(status),
            $"instance '{instanceId}' reached '{what}'",
            status => $"it is {status?.RuntimeStatus}",
            CompletionTimeout,
            TimeSpan.FromMilliseconds(10)))!;

    /// <summary>Stops workers, disposes backends and removes the storage.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }

        await _provider.CleanupAsync();
    }
}

/// <summary>Queries over history used by assertions.</summary>
public static class HistoryAssertions
{
    /// <summary>The events of a given type, in order.</summary>
    /// <typeparam name="T">The event type.</typeparam>
    /// <param name="status">A status read with history.</param>
    /// <returns>The events.</returns>
    public static IReadOnlyList<T> Events<T>(this OrchestrationStatus status)
        where T : HistoryEvent =>
        (status.History ?? throw new InvalidOperationException("The status was read without history.")).OfType<T>().ToList();

    /// <summary>
    /// A readable, stable form of the history for comparing two runs: event types, task ids, names and payloads as
    /// JSON, without timestamps and message ids.
    /// </summary>
    /// <param name="status">A status read with history.</param>
    /// <returns>One line per event.</returns>
    public static IReadOnlyList<string> Shape(this OrchestrationStatus status) =>
        (status.History ?? []).Where(e => e is not OrchestratorStartedEvent and not OrchestratorCompletedEvent).Select(Describe).ToList();

    private static string Describe(HistoryEvent e) => e switch
    {
        ExecutionStartedEvent x => $"ExecutionStarted {x.Name}@{x.Version} gen {x.Generation} {Hex(x.Input)}",
        TaskScheduledEvent x => $"TaskScheduled #{x.TaskId} {x.Name} {Hex(x.Input)} at {x.Source}",
        TaskCompletedEvent x => $"TaskCompleted #{x.TaskId} {Hex(x.Result)}",
        TaskFailedEvent x => $"TaskFailed #{x.TaskId} {x.FailureDetails.ErrorType}: {x.FailureDetails.Message}",
        TimerCreatedEvent x => $"TimerCreated #{x.TaskId} at {x.Source}",
        TimerFiredEvent x => $"TimerFired #{x.TaskId}",
        EventRaisedEvent x => $"EventRaised {x.Name} {Hex(x.Input)}",
        EventSentEvent x => $"EventSent #{x.TaskId} {x.Name} to {x.TargetInstanceId} {Hex(x.Input)}",
        SubOrchestrationInstanceCreatedEvent x => $"SubOrchestrationCreated #{x.TaskId} {x.Name} {x.InstanceId} {Hex(x.Input)}",
        SubOrchestrationInstanceCompletedEvent x => $"SubOrchestrationCompleted #{x.TaskId} {Hex(x.Result)}",
        SubOrchestrationInstanceFailedEvent x => $"SubOrchestrationFailed #{x.TaskId} {x.FailureDetails.ErrorType}: {x.FailureDetails.Message}",
        ExecutionCompletedEvent x => $"ExecutionCompleted {Hex(x.Result)}",
        ExecutionFailedEvent x => $"ExecutionFailed {x.FailureDetails.ErrorType}: {x.FailureDetails.Message}",
        ExecutionTerminatedEvent x => $"ExecutionTerminated {Hex(x.Reason)}",
        _ => e.EventType.ToString(),
    };

    private static string Hex(byte[]? bytes) => bytes is null ? "-" : Convert.ToHexString(bytes);
}
