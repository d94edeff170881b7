using Microsoft.Extensions.Logging;

namespace WorkflowSdk.Replay;

/// <summary>
/// The <see cref="OrchestrationContext"/> handed to orchestration code: a thin layer over its
/// <see cref="OrchestrationExecutor"/> that encodes arguments, decodes results and runs retry loops.
/// </summary>
/// <remarks>
/// Retry loops and result decoding are ordinary async methods: they run on the orchestration's scheduler
/// like user code and are replayed with it, so their timers and attempts are part of the history.
/// </remarks>
internal sealed class ReplayOrchestrationContext(OrchestrationExecutor executor) : OrchestrationContext
{
    private Serialization.PayloadCodec Codec => executor.Environment.Codec;

    public override string InstanceId => executor.InstanceId;

    public override string ExecutionId => executor.ExecutionId;

    public override string Name => executor.Name;

    public override string? Version => executor.Version;

    public override string? ParentInstanceId => executor.Parent?.InstanceId;

    public override DateTime CurrentUtcDateTime => executor.CurrentUtc;

    public override bool IsReplaying => executor.IsReplaying;

    public override Task<T> CallActivityAsync<T>(
        string name, object? input = null, RetryOptions? retry = null,
        string callerMemberName = "", string callerFilePath = "", int callerLineNumber = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var payload = Codec.EncodeObject(input, $"input of activity '{name}'");
        return RunActivityAsync<T>(name, payload, retry, CancellationToken.None, callerMemberName, callerFilePath, callerLineNumber);
    }

    public override Task CallActivityAsync(
        string name, object? input = null, RetryOptions? retry = null,
        string callerMemberName = "", string callerFilePath = "", int callerLineNumber = 0) =>
        CallActivityAsync<Ignored>(name, input, retry, callerMemberName, callerFilePath, callerLineNumber);

    public override Task<TResult> InvokeActivityAsync<TInput, TResult>(
        string name, TInput input, RetryOptions? retry, CancellationToken cancellationToken,
        string callerMemberName = "", string callerFilePath = "", int callerLineNumber = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        var payload = Codec.Encode(input, $"input of activity '{name}'");
        return RunActivityAsync<TResult>(name, payload, retry, cancellationToken, callerMemberName, callerFilePath, callerLineNumber);
    }

    public override Task InvokeActivityAsync<TInput>(
        string name, TInput input, RetryOptions? retry, CancellationToken cancellationToken,
        string callerMemberName = "", string callerFilePath = "", int callerLineNumber = 0) =>
        InvokeActivityAsync<TInput, Ignored>(name, input, retry, cancellationToken, callerMemberName, callerFilePath, callerLineNumber);

    public override Task<T> CallSubOrchestrationAsync<T>(
        string name, object? input = null, string? instanceId = null, RetryOptions? retry = null,
        string callerMemberName = "", string callerFilePath = "", int callerLineNumber = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var payload = Codec.EncodeObject(input, $"input of sub-orchestration '{name}'");
        return RunSubOrchestrationAsync<T>(
            name, version: null, instanceId, payload, retry, CancellationToken.None, callerMemberName, callerFilePath, callerLineNumber);
    }

    public override Task CallSubOrchestrationAsync(
        string name, object? input = null, string? instanceId = null, RetryOptions? retry = null,
        string callerMemberName = "", string callerFilePath = "", int callerLineNumber = 0) =>
        CallSubOrchestrationAsync<Ignored>(name, input, instanceId, retry, callerMemberName, callerFilePath, callerLineNumber);

    public override Task<TResult> InvokeSubOrchestrationAsync<TInput, TResult>(
        string name, string? version, TInput input, string? instanceId, RetryOptions? retry, CancellationToken cancellationToken,
        string callerMemberName = "", string callerFilePath = "", int callerLineNumber = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        var payload = Codec.Encode(input, $"input of sub-orchestration '{name}'");
        return RunSubOrchestrationAsync<TResult>(
            name, version, instanceId, payload, retry, cancellationToken, callerMemberName, callerFilePath, callerLineNumber);
    }

    public override Task InvokeSubOrchestrationAsync<TInput>(
        string name, string? version, TInput input, string? instanceId, RetryOptions? retry, CancellationToken cancellationToken,
        string callerMemberName = "", string callerFilePath = "", int callerLineNumber = 0) =>
        InvokeSubOrchestrationAsync<TInput, Ignored>(
            name, version, input, instanceId, retry, cancellationToken, callerMemberName, callerFilePath, callerLineNumber);

    public override Task CreateTimer(
        DateTime fireAtUtc, CancellationToken cancellationToken = default,
        string callerMemberName = "", string callerFilePath = "", int callerLineNumber = 0)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var timer = executor.ScheduleTimer(fireAtUtc, timesOut: null, callerMemberName, callerFilePath, callerLineNumber);
        CancelOnRequest(timer, cancellationToken);
        return timer.Completion.Task;
    }

    public override Task<T> WaitForExternalEvent<T>(string name) => WaitForEventAsync<T>(name, timeout: null, CancellationToken.None, string.Empty, string.Empty, 0);

    public override Task<T> WaitForExternalEvent<T>(string name, CancellationToken cancellationToken) =>
        WaitForEventAsync<T>(name, timeout: null, cancellationToken, string.Empty, string.Empty, 0);

    public override Task<T> WaitForExternalEvent<T>(
        string name, TimeSpan timeout,
        string callerMemberName = "", string callerFilePath = "", int callerLineNumber = 0) =>
        WaitForExternalEvent<T>(name, timeout, CancellationToken.None, callerMemberName, callerFilePath, callerLineNumber);

    public override Task<T> WaitForExternalEvent<T>(
        string name, TimeSpan timeout, CancellationToken cancellationToken,
        string callerMemberName = "", string callerFilePath = "", int callerLineNumber = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        return WaitForEventAsync<T>(name, timeout, cancellationToken, callerMemberName, callerFilePath, callerLineNumber);
    }

    private Task<T> WaitForEventAsync<T>(
        string name, TimeSpan? timeout, CancellationToken cancellationToken, string callerMemberName, string callerFilePath, int callerLineNumber)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        executor.EnsureOnOrchestrationThread(nameof(WaitForExternalEvent));
        var waiter = executor.WaitForEvent(name, timeout, cancellationToken, callerMemberName, callerFilePath, callerLineNumber);
        return DecodeAsync<T>(waiter.Completion.Task, $"data of external event '{name}'");
    }

    public override void SendEvent(
        string instanceId, string eventName, object? eventData = null,
        string callerMemberName = "", string callerFilePath = "", int callerLineNumber = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var payload = Codec.EncodeObject(eventData, $"data of event '{eventName}' sent to instance '{instanceId}'");
        executor.SendEvent(instanceId, eventName, payload, callerMemberName, callerFilePath, callerLineNumber);
    }

    public override void ContinueAsNew(object? input, bool preserveUnprocessedEvents = false) =>
        executor.RequestContinueAsNew(Codec.EncodeObject(input, $"input of the next execution of '{Name}'"), preserveUnprocessedEvents);

    public override Guid NewGuid() => executor.NewGuid();

    public override void SetCustomStatus(object? customStatus) =>
        executor.SetCustomStatus(Codec.EncodeObject(customStatus, $"custom status of instance '{InstanceId}'"));

    public override ILogger CreateReplaySafeLogger(string categoryName) =>
        new ReplaySafeLogger(executor.Environment.LoggerFactory.CreateLogger(categoryName), () => executor.IsReplaying);

    private Task<T> RunActivityAsync<T>(
        string name, byte[]? payload, RetryOptions? retry, CancellationToken cancellationToken, string member, string file, int line) =>
        retry is null
            ? CallActivityOnceAsync<T>(name, payload, cancellationToken, member, file, line)
            : WithRetries(retry, () => CallActivityOnceAsync<T>(name, payload, cancellationToken, member, file, line), cancellationToken, member, file, line);

    private Task<T> RunSubOrchestrationAsync<T>(
        string name, string? version, string? instanceId, byte[]? payload, RetryOptions? retry, CancellationToken cancellationToken,
        string member, string file, int line) =>
        retry is null
            ? CallSubOrchestrationOnceAsync<T>(name, version, instanceId, payload, cancellationToken, member, file, line)
            : WithRetries(
                retry,
                () => CallSubOrchestrationOnceAsync<T>(name, version, instanceId, payload, cancellationToken, member, file, line),
                cancellationToken,
                member,
                file,
                line);

    private async Task<T> CallActivityOnceAsync<T>(string name, byte[]? payload, CancellationToken cancellationToken, string member, string file, int line)
    {
        var open = executor.ScheduleActivity(name, payload, member, file, line);
        using var cancellation = CancelOnRequest(open, cancellationToken);
        var result = await open.Completion.Task;
        return Decode<T>(result, $"result of activity '{name}' (task #{open.TaskId})");
    }

    private async Task<T> CallSubOrchestrationOnceAsync<T>(
        string name, string? version, string? instanceId, byte[]? payload, CancellationToken cancellationToken, string member, string file, int line)
    {
        var open = executor.ScheduleSubOrchestration(name, version, instanceId, payload, member, file, line);
        using var cancellation = CancelOnRequest(open, cancellationToken);
        var result = await open.Completion.Task;
        return Decode<T>(result, $"result of sub-orchestration '{name}' (task #{open.TaskId})");
    }

    private async Task<T> WithRetries<T>(RetryOptions retry, Func<Task<T>> attempt, CancellationToken cancellationToken, string member, string file, int line)
    {
        var firstAttemptAt = CurrentUtcDateTime;
        for (var failed = 0; ; failed++)
        {
            try
            {
                return await attempt();
            }
            catch (TaskFailedException ex) when (!cancellationToken.IsCancellationRequested
                && retry.ShouldRetry(failed, ex, firstAttemptAt, CurrentUtcDateTime))
            {
                // An uncapped delay (MaxRetryInterval infinite) may pass the end of the calendar: wait "forever" then.
                var delay = retry.ComputeDelay(failed);
                var now = CurrentUtcDateTime;
                await CreateTimer(delay >= DateTime.MaxValue - now ? DateTime.MaxValue : now + delay, cancellationToken, member, file, line);
            }
        }
    }

    /// <summary>
    /// Lets a token stop the wait for a scheduled action: the task becomes canceled and the engine ignores (and
    /// forgets) the action's result when it arrives. Runs on whichever thread cancels; it only flags the task.
    /// </summary>
    private static CancellationTokenRegistration CancelOnRequest(OpenTask open, CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static state =>
            {
                var (task, token) = ((OpenTask, CancellationToken))state!;
                task.Cancelled = true;
                task.Completion.TrySetCanceled(token);
            }, (open, cancellationToken))
            : default;

    private async Task<T> DecodeAsync<T>(Task<byte[]?> payload, string what) => Decode<T>(await payload, what);

    private T Decode<T>(byte[]? payload, string what) =>
        typeof(T) == typeof(Ignored) ? default! : Codec.Decode<T>(payload, what);

    /// <summary>The result type of calls whose result is not wanted: never deserialized.</summary>
    private sealed class Ignored;
}
