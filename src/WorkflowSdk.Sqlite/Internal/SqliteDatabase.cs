using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace WorkflowSdk.Sqlite.Internal;

/// <summary>
/// One SQLite file: a pool of configured connections for reads, one writer thread that group-commits this
/// process's writes (SQLite has a single writer; see <see cref="GroupCommitWriter"/>), and the schema. Other
/// processes on the same file are coordinated by SQLite's own locking (<c>BEGIN IMMEDIATE</c> and a busy timeout).
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly SqliteBackendOptions _options;
    private readonly ConcurrentBag<PooledConnection> _idle = [];
    private readonly GroupCommitWriter _writer;
    private int _disposed;

    public SqliteDatabase(string path, SqliteBackendOptions options)
    {
        Path = System.IO.Path.GetFullPath(path);
        _options = options;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
        _writer = new GroupCommitWriter(Open, System.IO.Path.GetFileName(Path));
    }

    public string Path { get; }

    /// <summary>Creates the file's tables and indexes if missing (idempotent, safe across processes).</summary>
    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        return WriteAsync(connection =>
        {
            using var command = connection.Connection.CreateCommand();
            command.Transaction = connection.Transaction;
            command.CommandText = Schema.Create;
            command.ExecuteNonQuery();
            return 0;
        }, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction (<c>BEGIN IMMEDIATE</c>), possibly together with other
    /// writes (group commit); the task completes after the commit. If <paramref name="work"/> throws, its changes are
    /// rolled back and the task fails with the exception.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<PooledConnection, T> work, CancellationToken cancellationToken) =>
        _writer.WriteAsync(work, cancellationToken);

    /// <summary>Runs <paramref name="work"/> in a read transaction: a consistent snapshot, concurrent with writers.</summary>
    public Task<T> ReadAsync<T>(Func<PooledConnection, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = Rent();
        var reusable = true;
        try
        {
            // Rolled back by Dispose: it only ever read.
            using var transaction = connection.Connection.BeginTransaction(deferred: true);
            connection.Transaction = transaction;
            return Task.FromResult(work(connection));
        }
        catch (SqliteException)
        {
            // A connection that saw a database error is not trusted again.
            reusable = false;
            throw;
        }
        finally
        {
            connection.Transaction = null;
            if (reusable && Volatile.Read(ref _disposed) == 0)
            {
                Return(connection);
            }
            else
            {
                connection.Dispose();
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _writer.Dispose();
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    private PooledConnection Rent()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _idle.TryTake(out var pooled) ? pooled : Open();
    }

    private PooledConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText =
                $"PRAGMA busy_timeout={(long)_options.BusyTimeout.TotalMilliseconds}; PRAGMA journal_mode=WAL; " +
                $"PRAGMA synchronous={(_options.FlushEveryCommit ? "FULL" : "NORMAL")}; PRAGMA foreign_keys=OFF;";
            command.ExecuteNonQuery();
        }

        return new PooledConnection(connection);
    }

    private void Return(PooledConnection connection)
    {
        _idle.Add(connection);
        if (Volatile.Read(ref _disposed) != 0 && _idle.TryTake(out var late))
        {
            late.Dispose();
        }
    }
}
