using Microsoft.Extensions.Logging;

namespace WorkflowSdk.MongoDB;

/// <summary>The store's log messages. Event ids 5000-5999 (docs/event-ids.md).</summary>
internal static partial class Logs
{
    [LoggerMessage(5001, LogLevel.Information, "MongoDB store ready: {Server}, database '{Database}', task hub '{HubName}', {Deployment}, commits {CommitMode}")]
    public static partial void StoreReady(this ILogger logger, string server, string database, string hubName, string deployment, string commitMode);

    [LoggerMessage(5002, LogLevel.Debug, "Commit {CommitId} of instance '{InstanceId}' lost its race for revision {Revision}; its documents were removed")]
    public static partial void CommitLostRace(this ILogger logger, string instanceId, string commitId, long revision);

    [LoggerMessage(5003, LogLevel.Warning, "Could not remove the documents of lost commit {CommitId} of instance '{InstanceId}'; readers ignore them and recovery removes its outbox entries")]
    public static partial void CleanupFailed(this ILogger logger, Exception exception, string instanceId, string commitId);

    [LoggerMessage(5004, LogLevel.Warning, "Commit {CommitId} of instance '{InstanceId}' is committed but its outbox entries could not be marked ready yet; outbox recovery will mark them")]
    public static partial void MarkReadyFailed(this ILogger logger, Exception exception, string instanceId, string commitId);

    [LoggerMessage(5005, LogLevel.Information, "Outbox recovery: {Marked} committed commit(s) had pending entries (now ready), {Discarded} lost or abandoned commit(s) had theirs deleted")]
    public static partial void OutboxRecovered(this ILogger logger, int marked, int discarded);

    [LoggerMessage(5006, LogLevel.Warning, "Outbox recovery failed; it runs again later")]
    public static partial void OutboxRecoveryFailed(this ILogger logger, Exception exception);

    [LoggerMessage(5007, LogLevel.Error, "Outbox entry '{EntryId}' could not be decoded; it was moved to the dead letters and instance '{InstanceId}' is being failed: {Reason}")]
    public static partial void OutboxEntryQuarantined(this ILogger logger, string entryId, string instanceId, string reason);

    [LoggerMessage(5008, LogLevel.Debug, "Removed {Count} leftover history chunk commit(s) of instance '{InstanceId}'")]
    public static partial void GarbageChunksRemoved(this ILogger logger, string instanceId, int count);

    [LoggerMessage(5009, LogLevel.Debug, "Could not remove leftover history chunks of instance '{InstanceId}'; readers ignore them")]
    public static partial void GarbageChunksRemovalFailed(this ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(5010, LogLevel.Debug, "History of instance '{InstanceId}' changed while it was read ({Problem}); reading again")]
    public static partial void HistoryReadRetried(this ILogger logger, string instanceId, string problem);
}
