using Microsoft.Extensions.Logging;

namespace WorkflowSdk.Hosting;

/// <summary>The hosting integration's log messages (source-generated).</summary>
internal static partial class Logs
{
    [LoggerMessage(101, LogLevel.Information, "Worker {WorkerId} hosted on {Backend}; orchestrations: {Orchestrations}; activities: {Activities}.")]
    public static partial void WorkerHosted(this ILogger logger, string workerId, string backend, string orchestrations, string activities);

    [LoggerMessage(102, LogLevel.Information, "Worker {WorkerId} stopping: no new work is taken; work in progress finishes within the host's shutdown timeout.")]
    public static partial void WorkerStopping(this ILogger logger, string workerId);

    [LoggerMessage(103, LogLevel.Warning, "Worker {WorkerId}: the host's shutdown timeout passed with activities still running; they were cancelled and their calls are being released (waiting up to {ReleaseTimeout}).")]
    public static partial void ShutdownTimeoutReached(this ILogger logger, string workerId, TimeSpan releaseTimeout);

    [LoggerMessage(104, LogLevel.Warning, "Worker {WorkerId}: activities did not hand their calls back in time (they ignore cancellation); their leases run out and another worker runs them again.")]
    public static partial void ActivitiesNotReleased(this ILogger logger, string workerId);

    [LoggerMessage(105, LogLevel.Information, "WorkflowSdk backend: {Backend}.")]
    public static partial void BackendOpened(this ILogger logger, string backend);
}
