using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using WorkflowSdk.RabbitMQ.Internal;

namespace WorkflowSdk.RabbitMQ;

/// <summary>
/// Partition ownership. A worker owns partition <c>k</c> while its connection holds the exclusive queue
/// <c>H.partition-lock.k</c>; only the owner consumes <c>H.orchestrations.k</c>. The number of live workers is the
/// consumer count of <c>H.members</c> (each orchestration receiver consumes it; the broker drops the consumer of a dead
/// connection), so every worker aims at <c>ceil(N / workers)</c> partitions: it claims unowned ones below that and gives
/// extra ones back above it, after its work in progress on them has finished.
/// </summary>
public sealed partial class RabbitMQTransport
{
    private const ushort ResourceLocked = 405;
    private static readonly TimeSpan WarmUpLimit = TimeSpan.FromMilliseconds(300);
    private readonly Dictionary<int, OwnedPartition> _partitions = [];
    private readonly Dictionary<int, int> _unownedSeen = [];
    private int _balanceRound;

    private async Task BalancePartitionsAsync(Session session, CancellationToken cancellationToken)
    {
        // A worker that stopped receiving (and has nothing out) gives its partitions to the others.
        var idleFor = Now - new DateTime(Volatile.Read(ref _lastOrchestrationReceiveTicks), DateTimeKind.Utc);
        bool busy;
        lock (_sync)
        {
            busy = Volatile.Read(ref _activeOrchestrationReceives) > 0 || _partitions.Values.Any(p => p.InFlight > 0);
        }

        if (_wantsOrchestrations && !busy && idleFor > _options.ReceiverIdleTimeout)
        {
            _wantsOrchestrations = false;
            _logger.ReceiverIdle(idleFor);
        }

        if (!_wantsOrchestrations)
        {
            await LeaveAsync(session).ConfigureAwait(false);
            return;
        }

        await JoinAsync(session, cancellationToken).ConfigureAwait(false);
        var control = await session.ControlAsync(cancellationToken).ConfigureAwait(false);
        var members = Math.Max(1u, (await control.QueueDeclarePassiveAsync(MembersQueue, cancellationToken).ConfigureAwait(false)).ConsumerCount);
        var target = (int)((_options.PartitionCount + members - 1) / members);
        List<OwnedPartition> owned;
        lock (_sync)
        {
            owned = _partitions.Values.Where(p => p.IsActive && !p.Releasing).ToList();
        }

        var now = Now;
        var minimumHold = _options.RebalanceInterval * 5;
        if (owned.Count > target)
        {
            // Give back the least busy partitions that were held long enough not to flap.
            var extra = owned.Where(p => now - p.ClaimedAt >= minimumHold)
                .OrderBy(p => p.InFlight).ThenBy(p => p.ClaimedAt)
                .Take(owned.Count - target)
                .ToList();
            await Task.WhenAll(extra.Select(p => ReleaseAsync(session, p, $"{members} workers share {_options.PartitionCount} partitions, {target} each"))).ConfigureAwait(false);
            return;
        }

        // Below target: claim unowned partitions. At target: still look now and then for partitions nobody took (a
        // worker that counts as a member but does not claim) and take one that stayed unowned for two looks.
        var lookForOrphans = ++_balanceRound % 5 == 0;
        if (owned.Count >= target && !lookForOrphans)
        {
            return;
        }

        var start = Random.Shared.Next(_options.PartitionCount);
        var count = owned.Count;
        for (var i = 0; i < _options.PartitionCount; i++)
        {
            var partition = (start + i) % _options.PartitionCount;
            lock (_sync)
            {
                if (_partitions.ContainsKey(partition))
                {
                    continue;
                }
            }

            var probe = await control.QueueDeclarePassiveAsync(PartitionQueueName(partition), cancellationToken).ConfigureAwait(false);
            if (probe.ConsumerCount > 0)
            {
                _unownedSeen.Remove(partition);
                continue;
            }

            var orphan = _unownedSeen[partition] = _unownedSeen.GetValueOrDefault(partition) + 1;
            if (count < target || orphan >= 2)
            {
                if (await TryClaimAsync(session, partition, probe.MessageCount, cancellationToken).ConfigureAwait(false))
                {
                    _unownedSeen.Remove(partition);
                    count++;
                    _logger.PartitionClaimed(partition, count, members, _options.PartitionCount);
                }
            }

            if (count >= target && !lookForOrphans)
            {
                return;
            }
        }
    }

    /// <summary>Consumes <c>H.members</c>, so other workers count this one.</summary>
    private async Task JoinAsync(Session session, CancellationToken cancellationToken)
    {
        if (session.Members is { IsOpen: true })
        {
            return;
        }

        var channel = await session.Connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(channel);
        await channel.BasicConsumeAsync(MembersQueue, autoAck: true, consumerTag: string.Empty, noLocal: false, exclusive: false,
            arguments: null, consumer, cancellationToken).ConfigureAwait(false);
        session.Members = channel;
    }

    /// <summary>Stops counting as a worker and gives every partition back (the worker stopped receiving).</summary>
    private async Task LeaveAsync(Session session)
    {
        List<OwnedPartition> owned;
        lock (_sync)
        {
            owned = _partitions.Values.Where(p => p.IsActive && !p.Releasing).ToList();
        }

        await Task.WhenAll(owned.Select(p => ReleaseAsync(session, p, "this worker stopped receiving orchestration work"))).ConfigureAwait(false);
        if (session.Members is { } members)
        {
            session.Members = null;
            await ChannelOps.CloseQuietlyAsync(members).ConfigureAwait(false);
        }
    }

    // backlog: how many messages the partition held when probed. They are let in before any work item of the partition
    // is handed out, so that an instance's backlog is handed out together rather than one message at a time.
    private async Task<bool> TryClaimAsync(Session session, int partition, uint backlog, CancellationToken cancellationToken)
    {
        var channel = await session.Connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            await channel.QueueDeclareAsync(LockQueue(partition), durable: false, exclusive: true, autoDelete: true,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == ResourceLocked)
        {
            // Another worker's connection holds the lock.
            await channel.DisposeAsync().ConfigureAwait(false);
            return false;
        }

        var owned = new OwnedPartition(partition, channel, session, Now)
        {
            WarmRemaining = (int)Math.Min(backlog, _options.OrchestrationPrefetch),
            WarmUntil = Now + WarmUpLimit,
        };
        await channel.BasicQosAsync(0, _options.OrchestrationPrefetch, global: false, cancellationToken).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, e) => OnOrchestrationDeliveryAsync(owned, e);
        channel.ChannelShutdownAsync += (_, e) => OnPartitionChannelShutdownAsync(owned, e);
        lock (_sync)
        {
            _partitions[partition] = owned;
        }

        try
        {
            await channel.BasicConsumeAsync(PartitionQueueName(partition), autoAck: false, consumerTag: string.Empty, noLocal: false, exclusive: false,
                arguments: null, consumer, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_sync)
            {
                LosePartitionLocked(owned);
            }

            await ChannelOps.CloseQuietlyAsync(channel).ConfigureAwait(false);
            throw;
        }

        return true;
    }

    /// <summary>
    /// Gives a partition back: no new work items from it; waits (up to the release timeout) for those out to finish;
    /// closes its channel, which returns the buffered messages to the queue in order; then drops the lock.
    /// </summary>
    private async Task ReleaseAsync(Session session, OwnedPartition partition, string reason)
    {
        Task idle;
        lock (_sync)
        {
            if (!partition.IsActive || partition.Releasing)
            {
                return;
            }

            partition.Releasing = true;
            idle = partition.Idle;
        }

        using (var timeout = new CancellationTokenSource(_options.ReleaseTimeout, _options.TimeProvider))
        {
            await Task.WhenAny(idle, Task.Delay(Timeout.Infinite, timeout.Token)).ConfigureAwait(false);
        }

        lock (_sync)
        {
            LosePartitionLocked(partition);
        }

        await ChannelOps.CloseQuietlyAsync(partition.Channel).ConfigureAwait(false);
        await DeleteLockAsync(session, partition.Index).ConfigureAwait(false);
        _logger.PartitionReleased(partition.Index, reason);
        _orchestrationWork.PulseAll();
    }

    private async Task DeleteLockAsync(Session session, int partition)
    {
        try
        {
            if (session.IsOpen)
            {
                var control = await session.ControlAsync(CancellationToken.None).ConfigureAwait(false);
                await control.QueueDeleteAsync(LockQueue(partition), ifUnused: false, ifEmpty: false).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException)
        {
            // The connection is going; the broker drops exclusive queues with it.
        }
    }

    private Task OnPartitionChannelShutdownAsync(OwnedPartition partition, ShutdownEventArgs e)
    {
        bool wasActive;
        lock (_sync)
        {
            wasActive = partition.IsActive && !partition.Releasing;
            LosePartitionLocked(partition);
        }

        if (wasActive && e.Initiator != ShutdownInitiator.Application)
        {
            _logger.PartitionLost(partition.Index, $"{e.Initiator}: {e.ReplyCode} {e.ReplyText}");
            _orchestrationWork.PulseAll();

            // The connection may still be up (a channel error): drop the lock so that another worker can take over.
            _ = DeleteLockAsync(partition.Session, partition.Index);
            _maintenanceWake.PulseAll();
        }

        return Task.CompletedTask;
    }

    /// <summary>Forgets a partition: its buffered deliveries are dropped (the broker requeues them with the channel).</summary>
    private void LosePartitionLocked(OwnedPartition partition)
    {
        if (!partition.IsActive)
        {
            return;
        }

        partition.Lose();
        if (_partitions.TryGetValue(partition.Index, out var current) && ReferenceEquals(current, partition))
        {
            _partitions.Remove(partition.Index);
        }

        foreach (var buffer in _instances.Values.ToList())
        {
            if (buffer.Pending.RemoveAll(d => ReferenceEquals(d.Partition, partition)) > 0 && !buffer.Locked && buffer.Pending.Count == 0)
            {
                RemoveCandidateLocked(buffer);
            }
        }
    }

    /// <summary>One owned partition: its channel (and consumer), while the lock is held.</summary>
    private sealed class OwnedPartition(int index, IChannel channel, Session session, DateTime claimedAt)
    {
        private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;

        public int Index => index;

        public IChannel Channel => channel;

        public Session Session => session;

        public DateTime ClaimedAt => claimedAt;

        public bool IsActive { get; private set; } = true;

        public bool Releasing { get; set; }

        /// <summary>Deliveries of the backlog still expected after the claim; changed under the transport's lock.</summary>
        public int WarmRemaining { get; set; }

        /// <summary>The longest the backlog is waited for.</summary>
        public DateTime WarmUntil { get; init; }

        public bool IsWarmingUp(DateTime now) => WarmRemaining > 0 && now < WarmUntil;

        /// <summary>Work items out; changed under the transport's lock.</summary>
        public int InFlight
        {
            get => _inFlight;
            set
            {
                _inFlight = value;
                if (value == 0 && Releasing)
                {
                    _idle.TrySetResult();
                }
            }
        }

        /// <summary>Completes when a releasing partition has no work items out.</summary>
        public Task Idle
        {
            get
            {
                if (_inFlight == 0)
                {
                    _idle.TrySetResult();
                }

                return _idle.Task;
            }
        }

        public void Lose()
        {
            IsActive = false;
            _idle.TrySetResult();
        }
    }
}
