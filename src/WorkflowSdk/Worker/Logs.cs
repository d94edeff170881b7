using Microsoft.Extensions.Logging;

namespace WorkflowSdk.Worker;

/// <summary>The worker's log messages (source-generated, allocation-free when disabled).</summary>
internal static partial class Logs
{
    private static readonly Func<ILogger, string, IDisposable?> InstanceScopeFormatter =
        LoggerMessage.DefineScope<string>("Instance {InstanceId}");

    private static readonly Func<ILogger, string, string, int, IDisposable?> ActivityScopeFormatter =
        LoggerMessage.DefineScope<string, string, int>("Instance {InstanceId} activity {ActivityName} task #{TaskId}");

    /// <summary>A scope around an episode: every log line inside it (the engine's and the replay-safe loggers') carries the instance id.</summary>
    public static IDisposable? InstanceScope(this ILogger logger, string instanceId) => InstanceScopeFormatter(logger, instanceId);

    /// <summary>A scope around an activity execution: every log line inside it, the activity's own included, carries the call.</summary>
    public static IDisposable? ActivityScope(this ILogger logger, string instanceId, string activityName, int taskId) =>
        ActivityScopeFormatter(logger, instanceId, activityName, taskId);

    [LoggerMessage(1, LogLevel.Information, "Worker {WorkerId} started: {Orchestrations} orchestration(s), {Activities} activity(ies) registered.")]
    public static partial void WorkerStarted(this ILogger logger, string workerId, int orchestrations, int activities);

    [LoggerMessage(2, LogLevel.Information, "Worker {WorkerId} stopped.")]
    public static partial void WorkerStopped(this ILogger logger, string workerId);

    [LoggerMessage(3, LogLevel.Debug, "Instance {InstanceId} ({Name}) episode: {Messages} message(s), {NewEvents} new event(s), {Outbox} message(s) out, status {Status}, {Replay}.")]
    public static partial void EpisodeCommitted(this ILogger logger, string instanceId, string name, int messages, int newEvents, int outbox, OrchestrationRuntimeStatus status, string replay);

    [LoggerMessage(4, LogLevel.Information, "Instance {InstanceId} lost a commit race (another worker advanced it); its messages will be delivered again.")]
    public static partial void CommitConflict(this ILogger logger, string instanceId);

    [LoggerMessage(5, LogLevel.Error, "Processing messages of instance {InstanceId} failed (delivery {DeliveryCount}); retrying later.")]
    public static partial void OrchestrationWorkFailed(this ILogger logger, Exception exception, string instanceId, int deliveryCount);

    [LoggerMessage(6, LogLevel.Error, "Messages of instance {InstanceId} were dead-lettered after {DeliveryCount} deliveries: {Reason}")]
    public static partial void OrchestrationDeadLettered(this ILogger logger, string instanceId, int deliveryCount, string reason);

    [LoggerMessage(7, LogLevel.Warning, "Dropped {Count} message(s) for instance {InstanceId}: {Reason}.")]
    public static partial void MessagesDropped(this ILogger logger, string instanceId, int count, string reason);

    [LoggerMessage(15, LogLevel.Debug, "Ignored {Count} message(s) for instance {InstanceId}: {Reason}.")]
    public static partial void MessagesIgnored(this ILogger logger, string instanceId, int count, string reason);

    [LoggerMessage(8, LogLevel.Error, "The history of instance {InstanceId} cannot be read; failing the instance.")]
    public static partial void HistoryCorrupted(this ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(9, LogLevel.Error, "Activity '{Name}' (instance {InstanceId}, task #{TaskId}) could not be completed; it will be delivered again.")]
    public static partial void ActivityWorkFailed(this ILogger logger, Exception exception, string name, string instanceId, int taskId);

    [LoggerMessage(10, LogLevel.Error, "Activity '{Name}' (instance {InstanceId}, task #{TaskId}) was dead-lettered after {DeliveryCount} deliveries.")]
    public static partial void ActivityDeadLettered(this ILogger logger, string name, string instanceId, int taskId, int deliveryCount);

    [LoggerMessage(11, LogLevel.Warning, "Activity '{Name}' (instance {InstanceId}, task #{TaskId}) finished after its lease was lost; another worker owns it and its result was discarded.")]
    public static partial void ActivityLeaseLost(this ILogger logger, string name, string instanceId, int taskId);

    [LoggerMessage(12, LogLevel.Error, "Relaying outbox messages to the transport failed; retrying.")]
    public static partial void RelayFailed(this ILogger logger, Exception exception);

    [LoggerMessage(13, LogLevel.Error, "Receiving work failed; retrying after {Delay}.")]
    public static partial void ReceiveFailed(this ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(14, LogLevel.Warning, "Sub-orchestration start for instance {InstanceId} rejected: the id is in use by a {Status} instance.")]
    public static partial void SubOrchestrationIdInUse(this ILogger logger, string instanceId, OrchestrationRuntimeStatus status);

    [LoggerMessage(16, LogLevel.Warning, "Sampling the transport's backlog failed; the backlog metric keeps its last value.")]
    public static partial void BacklogSampleFailed(this ILogger logger, Exception exception);

    [LoggerMessage(160, LogLevel.Information, "Retention purged {Count} finished instance(s): {Completed} completed, {Failed} failed, {Terminated} terminated.")]
    public static partial void RetentionPurged(this ILogger logger, int count, int completed, int failed, int terminated);

    [LoggerMessage(161, LogLevel.Warning, "A retention sweep failed; the next one runs in {Interval}.")]
    public static partial void RetentionFailed(this ILogger logger, Exception exception, TimeSpan interval);
}
