using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WorkflowSdk.Backends;
using WorkflowSdk.Sqlite.Internal;

namespace WorkflowSdk.Sqlite;

/// <summary>
/// The embedded backend: instance state, history, durable queues and durable timers in one SQLite file
/// (WAL mode). It is both an <see cref="IWorkflowStore"/> and an <see cref="IWorkflowTransport"/>; used as both,
/// an episode's history, state, outbound messages and the acknowledgement of its inbound messages are one
/// transaction. Several worker processes may share one file.
/// </summary>
/// <example>
/// <code>
/// await using var backend = SqliteBackend.Open("workflows.db");
/// var client = new WorkflowClient(backend);
/// </code>
/// </example>
public sealed partial class SqliteBackend : IWorkflowStore, IWorkflowTransport
{
    private readonly SqliteDatabase _database;
    private readonly SqliteBackendOptions _options;
    private readonly AsyncPulse _orchestrationWork = new();
    private readonly AsyncPulse _activityWork = new();
    private readonly string _ownerToken = Guid.NewGuid().ToString("N");
    private readonly WorkDispenser<OrchestrationWorkItem> _orchestrationDispenser;
    private readonly WorkDispenser<ActivityWorkItem> _activityDispenser;
    private int _disposed;
    private long _leases;

    /// <summary>Opens (creating if needed) a SQLite file as a store and transport.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">Where the backend logs (lease and storage errors it retries); <see langword="null"/> for nowhere.</param>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public SqliteBackend(string path, SqliteBackendOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _options = options ?? new SqliteBackendOptions();
        _options.Validate();
        _database = new SqliteDatabase(path, _options);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("WorkflowSdk.Sqlite");
        _orchestrationDispenser = new WorkDispenser<OrchestrationWorkItem>(
            _orchestrationWork,
            LeaseInstancesAsync,
            ct => NextDueAsync(Schema.OrchestrationQueue, ct),
            item => item.AbandonAsync(TimeSpan.Zero, CancellationToken.None),
            _options,
            logger);
        _activityDispenser = new WorkDispenser<ActivityWorkItem>(
            _activityWork,
            LeaseActivitiesAsync,
            ct => NextDueAsync(Schema.ActivityQueue, ct),
            item => item.AbandonAsync(TimeSpan.Zero, CancellationToken.None),
            _options,
            logger);
    }

    /// <summary>The full path of the database file.</summary>
    public string Path => _database.Path;

    /// <summary>Opens a SQLite file as both store and transport: the usual embedded setup.</summary>
    /// <param name="path">The database file (created if missing).</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">Where the backend logs; <see langword="null"/> for nowhere.</param>
    /// <returns>A backend for workers and clients; disposing it closes the file.</returns>
    public static WorkflowBackend Open(string path, SqliteBackendOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        var sqlite = new SqliteBackend(path, options, loggerFactory);
        return new WorkflowBackend(sqlite, sqlite);
    }

    /// <summary>Creates the tables and indexes if they do not exist (idempotent).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    public Task InitializeAsync(CancellationToken cancellationToken) => _database.InitializeAsync(cancellationToken);

    /// <summary>Stops leasing, gives back work leased for receivers that never took it, and closes the file.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _orchestrationDispenser.DisposeAsync().ConfigureAwait(false);
        await _activityDispenser.DisposeAsync().ConfigureAwait(false);
        _database.Dispose();
    }

    private long NowTicks => _options.TimeProvider.GetUtcNow().UtcTicks;

    private DateTime Now => _options.TimeProvider.GetUtcNow().UtcDateTime;
}
