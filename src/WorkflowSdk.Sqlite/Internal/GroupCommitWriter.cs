using System.Collections.Concurrent;

namespace WorkflowSdk.Sqlite.Internal;

/// <summary>
/// Runs every write of this process in one writer thread and commits the writes that queued up meanwhile
/// together, in one transaction (group commit); every caller learns its outcome only after the transaction
/// committed. A SQLite transaction costs about a hundred microseconds on its own while a statement costs a few,
/// so under load this multiplies write throughput. Writes must be repeatable (a pure function of the database
/// state): when one of a batch throws, the batch is rolled back and each write is run again on its own.
/// </summary>
internal sealed class GroupCommitWriter : IDisposable
{
    private const int MaxWritesPerTransaction = 256;

    // A queue plus a semaphore rather than a channel: producers wake the writer thread directly, without a
    // thread-pool hop in between (which costs milliseconds when the pool is busy).
    private readonly ConcurrentQueue<WriteRequest> _requests = new();
    private readonly SemaphoreSlim _pending = new(0);
    private volatile bool _closed;
    private readonly Func<PooledConnection> _open;
    private readonly Thread _thread;
    private PooledConnection? _connection;

    public GroupCommitWriter(Func<PooledConnection> open, string name)
    {
        _open = open;
        _thread = new Thread(Run) { IsBackground = true, Name = $"WorkflowSdk SQLite writer ({name})" };
        _thread.Start();
    }

    /// <summary>Queues a write; the task completes (or fails) once the transaction holding it has committed.</summary>
    public Task<T> WriteAsync<T>(Func<PooledConnection, T> work, CancellationToken cancellationToken)
    {
        if (_closed)
        {
            throw new ObjectDisposedException(nameof(SqliteBackend), "The SQLite backend has been disposed.");
        }

        var request = new WriteRequest<T>(work, cancellationToken);
        _requests.Enqueue(request);
        _pending.Release();
        return request.Task;
    }

    public void Dispose()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _pending.Release();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _pending.Dispose();
    }

    private void Run()
    {
        var batch = new List<WriteRequest>(MaxWritesPerTransaction);
        while (true)
        {
            _pending.Wait();
            if (_closed && _requests.IsEmpty)
            {
                break;
            }

            while (batch.Count < MaxWritesPerTransaction && _requests.TryDequeue(out var request))
            {
                if (request.IsCancellationRequested)
                {
                    request.Cancel();
                }
                else
                {
                    batch.Add(request);
                }
            }

            if (batch.Count > 0)
            {
                RunBatch(batch);
                batch.Clear();
            }
        }

        _connection?.Dispose();
    }

    private void RunBatch(List<WriteRequest> batch)
    {
        // Optimistic path: the whole batch in one transaction. Writes rarely throw (conflicts and refusals are
        // decided by reading first), so savepoints around each one would mostly cost statements for nothing.
        if (TryRunTogether(batch))
        {
            return;
        }

        // One of them threw: nothing was committed. Run each alone, so the one that throws fails by itself.
        foreach (var request in batch)
        {
            request.Reset();
            TryRunTogether([request]);
        }
    }

    /// <summary>Runs the requests in one transaction and publishes their outcomes; <see langword="false"/> when one threw and nothing was committed.</summary>
    private bool TryRunTogether(List<WriteRequest> batch)
    {
        try
        {
            _connection ??= _open();
            using var transaction = _connection.Connection.BeginTransaction(deferred: false);
            _connection.Transaction = transaction;
            try
            {
                foreach (var request in batch)
                {
                    if (!request.Execute(_connection))
                    {
                        transaction.Rollback();
                        if (batch.Count > 1)
                        {
                            return false;
                        }

                        // Alone, its failure is its outcome.
                        request.Publish();
                        return true;
                    }
                }

                transaction.Commit();
            }
            finally
            {
                _connection.Transaction = null;
            }

            foreach (var request in batch)
            {
                request.Publish();
            }

            return true;
        }
        catch (Exception ex)
        {
            // BEGIN or COMMIT failed: nothing of the batch is committed.
            _connection?.Dispose();
            _connection = null;
            foreach (var request in batch)
            {
                request.Abort(ex);
            }

            return true;
        }
    }

    private abstract class WriteRequest
    {
        public abstract bool IsCancellationRequested { get; }

        public abstract bool Failed { get; }

        /// <summary>Forgets the outcome of an execution that was rolled back, before running it again.</summary>
        public abstract void Reset();

        /// <summary>Runs the write; <see langword="false"/> when it threw (its transaction must be rolled back).</summary>
        public abstract bool Execute(PooledConnection connection);

        /// <summary>Completes the caller's task after the commit.</summary>
        public abstract void Publish();

        public abstract void Abort(Exception error);

        public abstract void Cancel();
    }

    private sealed class WriteRequest<T>(Func<PooledConnection, T> work, CancellationToken cancellationToken) : WriteRequest
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;
        private Exception? _error;

        public Task<T> Task => _completion.Task;

        public override bool IsCancellationRequested => cancellationToken.IsCancellationRequested;

        public override bool Failed => _error is not null;

        public override void Reset()
        {
            _result = default!;
            _error = null;
        }

        public override bool Execute(PooledConnection connection)
        {
            try
            {
                _result = work(connection);
                return true;
            }
            catch (Exception ex)
            {
                _error = ex;
                return false;
            }
        }

        public override void Publish()
        {
            if (_error is null)
            {
                _completion.TrySetResult(_result);
            }
            else
            {
                _completion.TrySetException(_error);
            }
        }

        public override void Abort(Exception error) => _completion.TrySetException(error);

        public override void Cancel() => _completion.TrySetCanceled(cancellationToken);
    }
}
