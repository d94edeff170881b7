using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using WorkflowSdk.Backends;

namespace WorkflowSdk.Sqlite.Internal;

/// <summary>
/// Hands leased work to waiting receivers. One loop per queue leases, in one transaction, as many items as there
/// are receivers waiting for them, so N receivers cost one query per wake-up instead of N (no thundering herd),
/// and nothing is leased that no receiver is ready to process.
/// </summary>
/// <typeparam name="T">The work item type.</typeparam>
internal sealed class WorkDispenser<T> : IAsyncDisposable
    where T : class
{
    private const int MaxBatch = 64;

    private readonly Channel<T> _ready = Channel.CreateUnbounded<T>();
    private readonly AsyncPulse _demand = new();
    private readonly AsyncPulse _supply;
    private readonly Func<int, CancellationToken, Task<IReadOnlyList<T>>> _lease;
    private readonly Func<CancellationToken, Task<DateTime?>> _nextDue;
    private readonly Func<T, Task> _release;
    private readonly SqliteBackendOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _startLock = new();
    private Task? _loop;
    private int _waiting;

    public WorkDispenser(
        AsyncPulse supply,
        Func<int, CancellationToken, Task<IReadOnlyList<T>>> lease,
        Func<CancellationToken, Task<DateTime?>> nextDue,
        Func<T, Task> release,
        SqliteBackendOptions options,
        ILogger logger)
    {
        _logger = logger;
        _supply = supply;
        _lease = lease;
        _nextDue = nextDue;
        _release = release;
        _options = options;
    }

    /// <summary>Waits up to <paramref name="maxWait"/> for an item.</summary>
    public async Task<T?> ReceiveAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (_ready.Reader.TryRead(out var ready))
        {
            return ready;
        }

        EnsureLoop();
        Interlocked.Increment(ref _waiting);
        _demand.PulseAll();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(maxWait);
        try
        {
            return await _ready.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(SqliteBackend), "The SQLite backend has been disposed.");
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        _ready.Writer.TryComplete();
        while (_ready.Reader.TryRead(out var unclaimed))
        {
            // Leased for a receiver that never came back for it: give it back now rather than at lease expiry.
            try
            {
                await _release(unclaimed).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The lease runs out on its own.
            }
        }

        _stop.Dispose();
    }

    private void EnsureLoop()
    {
        if (_loop is not null)
        {
            return;
        }

        lock (_startLock)
        {
            _loop ??= Task.Run(() => LeaseLoopAsync(_stop.Token));
        }
    }

    private async Task LeaseLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var demand = _demand.NextPulse;
                var supply = _supply.NextPulse;
                var wanted = Volatile.Read(ref _waiting) - _ready.Reader.Count;
                if (wanted <= 0)
                {
                    await Task.WhenAny(demand, Task.Delay(Timeout.Infinite, stopping)).ConfigureAwait(false);
                    continue;
                }

                var items = await _lease(Math.Min(wanted, MaxBatch), stopping).ConfigureAwait(false);
                foreach (var item in items)
                {
                    _ready.Writer.TryWrite(item);
                }

                if (items.Count > 0)
                {
                    continue;
                }

                var wait = _options.PollInterval;
                var now = _options.TimeProvider.GetUtcNow().UtcDateTime;
                if (await _nextDue(stopping).ConfigureAwait(false) is { } due && due > now && due - now < wait)
                {
                    wait = due - now;
                }

                await Task.WhenAny(supply, Task.Delay(wait, _options.TimeProvider, stopping)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception ex)
            {
                // A transient database error (e.g. another process held the lock past the busy timeout): try again.
                _logger.LeaseFailed(ex, typeof(T).Name, _options.PollInterval);
                try
                {
                    await Task.Delay(_options.PollInterval, _options.TimeProvider, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
