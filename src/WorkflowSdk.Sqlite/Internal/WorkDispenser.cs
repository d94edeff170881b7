using Microsoft.Extensions.Logging;
using WorkflowSdk.Backends;

namespace WorkflowSdk.Sqlite.Internal;

/// <summary>
/// Hands leased work to waiting receivers. One loop per queue leases, in one transaction, as many items as there
/// are receivers waiting for them, so N receivers cost one query per wake-up instead of N (no thundering herd),
/// and nothing is leased that no receiver is ready to process. Receivers wait on their own completion source, so a
/// receive that times out costs a timer, not an exception.
/// </summary>
/// <typeparam name="T">The work item type.</typeparam>
internal sealed class WorkDispenser<T> : IAsyncDisposable
    where T : class
{
    private const int MaxBatch = 64;

    private readonly Lock _lock = new();
    private readonly Queue<T> _ready = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly AsyncPulse _demand = new();
    private readonly AsyncPulse _supply;
    private readonly Func<int, bool, CancellationToken, Task<IReadOnlyList<T>>> _lease;
    private readonly Func<CancellationToken, Task<DateTime?>> _nextDue;
    private readonly Func<T, Task> _release;
    private readonly SqliteBackendOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private bool _closed;

    /// <summary>Creates a dispenser.</summary>
    /// <param name="supply">Pulsed when this process adds work.</param>
    /// <param name="lease">Leases up to n items; the flag says whether the last lease found nothing (check cheaply first).</param>
    /// <param name="nextDue">When the next delayed item falls due.</param>
    /// <param name="release">Gives back an item no receiver took.</param>
    /// <param name="options">Poll interval and clock.</param>
    /// <param name="logger">Where lease errors go.</param>
    public WorkDispenser(
        AsyncPulse supply,
        Func<int, bool, CancellationToken, Task<IReadOnlyList<T>>> lease,
        Func<CancellationToken, Task<DateTime?>> nextDue,
        Func<T, Task> release,
        SqliteBackendOptions options,
        ILogger logger)
    {
        _supply = supply;
        _lease = lease;
        _nextDue = nextDue;
        _release = release;
        _options = options;
        _logger = logger;
    }

    /// <summary>Waits up to <paramref name="maxWait"/> for an item.</summary>
    public Task<T?> ReceiveAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, typeof(SqliteBackend));
            if (_ready.TryDequeue(out var ready))
            {
                return Task.FromResult<T?>(ready);
            }

            waiter = new Waiter(this);
            waiter.Node = _waiters.AddLast(waiter);
        }

        EnsureLoop();
        _demand.PulseAll();
        waiter.Arm(maxWait, cancellationToken);
        return waiter.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        List<T> unclaimed;
        List<Waiter> waiting;
        lock (_lock)
        {
            _closed = true;
            unclaimed = [.. _ready];
            _ready.Clear();
            waiting = [.. _waiters];
            _waiters.Clear();
            foreach (var waiter in waiting)
            {
                waiter.Node = null;
            }
        }

        foreach (var waiter in waiting)
        {
            waiter.Complete(null);
        }

        foreach (var item in unclaimed)
        {
            // Leased for a receiver that never came back for it: give it back now rather than at lease expiry.
            try
            {
                await _release(item).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The lease runs out on its own.
            }
        }

        _stop.Dispose();
    }

    /// <summary>Hands an item to the longest-waiting receiver, or keeps it for the next one.</summary>
    private void Offer(T item)
    {
        Waiter? waiter = null;
        lock (_lock)
        {
            if (_waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                first.Value.Node = null;
                waiter = first.Value;
            }
            else
            {
                _ready.Enqueue(item);
            }
        }

        waiter?.Complete(item);
    }

    private int Wanted()
    {
        lock (_lock)
        {
            return _waiters.Count - _ready.Count;
        }
    }

    private void EnsureLoop()
    {
        if (Volatile.Read(ref _loop) is not null)
        {
            return;
        }

        lock (_lock)
        {
            _loop ??= Task.Run(() => LeaseLoopAsync(_stop.Token));
        }
    }

    private async Task LeaseLoopAsync(CancellationToken stopping)
    {
        var foundNothing = true;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var demand = _demand.NextPulse;
                var supply = _supply.NextPulse;
                var wanted = Wanted();
                if (wanted <= 0)
                {
                    await Task.WhenAny(demand, Task.Delay(Timeout.Infinite, stopping)).ConfigureAwait(false);
                    continue;
                }

                var items = await _lease(Math.Min(wanted, MaxBatch), foundNothing, stopping).ConfigureAwait(false);
                foreach (var item in items)
                {
                    Offer(item);
                }

                foundNothing = items.Count == 0;
                if (!foundNothing)
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

    /// <summary>One receiver: completed with an item, with <see langword="null"/> when its wait ends, or cancelled.</summary>
    private sealed class Waiter(WorkDispenser<T> owner)
    {
        private readonly TaskCompletionSource<T?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Timer? _timer;
        private CancellationTokenRegistration _registration;

        /// <summary>The waiter's place in the queue while it waits (guarded by the owner's lock).</summary>
        public LinkedListNode<Waiter>? Node { get; set; }

        public Task<T?> Task => _completion.Task;

        public void Arm(TimeSpan maxWait, CancellationToken cancellationToken)
        {
            _timer = new Timer(static state => ((Waiter)state!).Leave(canceled: false), this, maxWait, Timeout.InfiniteTimeSpan);
            if (cancellationToken.CanBeCanceled)
            {
                _registration = cancellationToken.Register(static state => ((Waiter)state!).Leave(canceled: true), this);
            }

            if (_completion.Task.IsCompleted)
            {
                // Served (or gone) before the timer was set.
                Disarm();
            }
        }

        public void Complete(T? item)
        {
            Disarm();
            _completion.TrySetResult(item);
        }

        private void Leave(bool canceled)
        {
            lock (owner._lock)
            {
                if (Node is null)
                {
                    return; // already served
                }

                owner._waiters.Remove(Node);
                Node = null;
            }

            Disarm();
            if (canceled)
            {
                _completion.TrySetCanceled();
            }
            else
            {
                _completion.TrySetResult(null);
            }
        }

        private void Disarm()
        {
            _timer?.Dispose();
            _registration.Dispose();
        }
    }
}
