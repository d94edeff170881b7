using Microsoft.Extensions.Logging;

namespace WorkflowSdk.Hosting;

/// <summary>The hosting integration's log messages (source-generated). Event ids 2000-2999 (docs/event-ids.md).</summary>
internal static partial class Logs
{
    [LoggerMessage(2001, LogLevel.Information, "Worker {WorkerId} hosted on {Backend}; orchestrations: {Orchestrations}; activities: {Activities}.")]
    public static partial void WorkerHosted(this ILogger logger, string workerId, string backend, string orchestrations, string activities);

    [LoggerMessage(2002, LogLevel.Information, "Worker {WorkerId} stopping: no new work is taken; work in progress finishes within the host's shutdown timeout.")]
    public static partial void WorkerStopping(this ILogger logger, string workerId);

    [LoggerMessage(2003, LogLevel.Warning, "Worker {WorkerId}: the host's shutdown timeout passed with activities still running; they were cancelled and their calls are being released (waiting up to {ReleaseTimeout}).")]
    public static partial void ShutdownTimeoutReached(this ILogger logger, string workerId, TimeSpan releaseTimeout);

    [LoggerMessage(2004, LogLevel.Warning, "Worker {WorkerId}: activities did not hand their calls back in time (they ignore cancellation); their leases run out and another worker runs them again.")]
    public static partial void ActivitiesNotReleased(this ILogger logger, string workerId);

    [LoggerMessage(2005, LogLevel.Information, "WorkflowSdk backend: {Backend}.")]
    public static partial void BackendOpened(this ILogger logger, string backend);
}
