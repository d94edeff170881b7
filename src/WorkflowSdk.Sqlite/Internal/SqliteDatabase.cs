using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace WorkflowSdk.Sqlite.Internal;

/// <summary>
/// One SQLite file: a pool of configured connections, one in-process write gate (SQLite has one writer; queuing
/// our own writers here is fairer and faster than letting them spin on the file lock), and the schema.
/// Other processes on the same file are coordinated by SQLite's own locking (<c>BEGIN IMMEDIATE</c> and a busy timeout).
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly SqliteBackendOptions _options;
    private readonly ConcurrentBag<PooledConnection> _idle = [];
    private readonly SemaphoreSlim _writeGate = new(1, 1);
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

    /// <summary>Runs <paramref name="work"/> in a write transaction (<c>BEGIN IMMEDIATE</c>); commits unless it throws.</summary>
    public async Task<T> WriteAsync<T>(Func<PooledConnection, T> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Run(work, write: true);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> in a read transaction: a consistent snapshot, concurrent with writers.</summary>
    public Task<T> ReadAsync<T>(Func<PooledConnection, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Run(work, write: false));
    }

    private T Run<T>(Func<PooledConnection, T> work, bool write)
    {
        var connection = Rent();
        var reusable = true;
        try
        {
            using var transaction = connection.Connection.BeginTransaction(deferred: !write);
            connection.Transaction = transaction;
            var result = work(connection);
            if (write)
            {
                transaction.Commit();
            }

            // A read transaction is rolled back by Dispose: it only ever read.
            return result;
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

        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }

        _writeGate.Dispose();
    }

    private PooledConnection Rent()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_idle.TryTake(out var pooled))
        {
            return pooled;
        }

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
