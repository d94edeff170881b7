using Microsoft.Extensions.Logging;

namespace WorkflowSdk.Sqlite.Internal;

/// <summary>The SQLite backend's log messages. Event ids 3000-3999 (docs/event-ids.md).</summary>
internal static partial class Logs
{
    [LoggerMessage(3001, LogLevel.Warning, "Leasing {WorkKind} from the SQLite file failed; retrying in {Delay}.")]
    public static partial void LeaseFailed(this ILogger logger, Exception exception, string workKind, TimeSpan delay);
}
