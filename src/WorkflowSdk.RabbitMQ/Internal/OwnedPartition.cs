using RabbitMQ.Client;

namespace WorkflowSdk.RabbitMQ.Internal;

/// <summary>
/// One owned partition: its channel (and consumer), while the lock queue is held. Its state (active, releasing, work
/// items out, backlog still expected) is guarded by its own lock, which is taken last (inside the instance buffers' or
/// the partition owner's lock, never around them).
/// </summary>
internal sealed class OwnedPartition(int index, IChannel channel, Session session, DateTime claimedAt)
{
    private readonly object _sync = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _warmRemaining;
    private volatile bool _active = true;
    private volatile bool _releasing;

    public int Index => index;

    public IChannel Channel => channel;

    public Session Session => session;

    public DateTime ClaimedAt => claimedAt;

    public bool IsActive => _active;

    public bool Releasing => _releasing;

    /// <summary>Work items out.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Deliveries of the backlog still expected after the claim.</summary>
    public int WarmRemaining
    {
        get
        {
            lock (_sync)
            {
                return _warmRemaining;
            }
        }

        init => _warmRemaining = value;
    }

    /// <summary>The longest the backlog is waited for.</summary>
    public DateTime WarmUntil { get; init; }

    public bool IsWarmingUp(DateTime now)
    {
        lock (_sync)
        {
            return _warmRemaining > 0 && now < WarmUntil;
        }
    }

    /// <summary>Counts a delivery of the backlog; <see langword="false"/> when the partition is lost (the delivery is dropped).</summary>
    public bool TryCountDelivery()
    {
        lock (_sync)
        {
            if (!_active)
            {
                return false;
            }

            if (_warmRemaining > 0)
            {
                _warmRemaining--;
            }

            return true;
        }
    }

    /// <summary>Counts a work item handed out; <see langword="false"/> when the partition is lost (or, with <paramref name="unlessReleasing"/>, being released): nothing is handed out then.</summary>
    public bool TryStartWork(bool unlessReleasing)
    {
        lock (_sync)
        {
            if (!_active || (unlessReleasing && _releasing))
            {
                return false;
            }

            _inFlight++;
            return true;
        }
    }

    /// <summary>A work item of this partition ended.</summary>
    public void EndWork()
    {
        lock (_sync)
        {
            _inFlight--;
            if (_inFlight == 0 && _releasing)
            {
                _idle.TrySetResult();
            }
        }
    }

    /// <summary>Starts giving the partition back; <paramref name="idle"/> completes when it has no work items out.</summary>
    /// <returns><see langword="false"/> when it is lost or already being released.</returns>
    public bool TryStartRelease(out Task idle)
    {
        lock (_sync)
        {
            idle = Task.CompletedTask;
            if (!_active || _releasing)
            {
                return false;
            }

            _releasing = true;
            if (_inFlight == 0)
            {
                _idle.TrySetResult();
            }

            idle = _idle.Task;
            return true;
        }
    }

    /// <summary>Marks the partition lost.</summary>
    /// <param name="wasOwned">Whether it was active and not being released.</param>
    /// <returns><see langword="false"/> when it was lost already.</returns>
    public bool Lose(out bool wasOwned)
    {
        lock (_sync)
        {
            wasOwned = _active && !_releasing;
            if (!_active)
            {
                return false;
            }

            _active = false;
            _idle.TrySetResult();
            return true;
        }
    }
}
