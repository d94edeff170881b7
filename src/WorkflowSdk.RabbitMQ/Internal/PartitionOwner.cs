using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using WorkflowSdk.Backends;

namespace WorkflowSdk.RabbitMQ.Internal;

/// <summary>
/// Partition ownership. A worker owns partition <c>k</c> while its connection holds the exclusive queue
/// <c>H.partition-lock.k</c>; only the owner consumes <c>H.orchestrations.k</c>. The number of live workers is the
/// consumer count of <c>H.members</c> (each orchestration receiver consumes it; the broker drops the consumer of a dead
/// connection), so every worker aims at <c>ceil(N / workers)</c> partitions: it claims unowned ones below that and gives
/// extra ones back above it, after its work in progress on them has finished. Owns the owned partitions; <c>_sync</c>
/// guards that map and is taken by nobody else (the instance buffers' lock is never taken inside it).
/// </summary>
internal sealed class PartitionOwner(
    RabbitMQTransportOptions options,
    HubNames names,
    ILogger logger,
    InstanceBuffers buffers,
    AsyncPulse maintenanceWake)
{
    private const ushort ResourceLocked = 405;
    private static readonly TimeSpan WarmUpLimit = TimeSpan.FromMilliseconds(300);
    private readonly object _sync = new();
    private readonly Dictionary<int, OwnedPartition> _partitions = [];
    private readonly Dictionary<int, int> _unownedSeen = [];
    private int _balanceRound;

    private DateTime Now => options.TimeProvider.GetUtcNow().UtcDateTime;

    /// <summary>The partitions consumed right now, in order.</summary>
    public IReadOnlyList<int> Owned
    {
        get
        {
            lock (_sync)
            {
                return _partitions.Values.Where(p => p.IsActive).Select(p => p.Index).Order().ToList();
            }
        }
    }

    /// <summary>Keeps this worker's share of partitions (maintenance loop).</summary>
    public async Task BalanceAsync(Session session, CancellationToken cancellationToken)
    {
        // A worker that stopped receiving (and has nothing out) gives its partitions to the others.
        var idleFor = buffers.Receivers.IdleFor;
        bool busy;
        lock (_sync)
        {
            busy = buffers.Receivers.ActiveReceives > 0 || _partitions.Values.Any(p => p.InFlight > 0);
        }

        if (buffers.Receivers.Wanted && !busy && idleFor > options.ReceiverIdleTimeout)
        {
            buffers.Receivers.StopWanting();
            logger.ReceiverIdle(idleFor);
        }

        if (!buffers.Receivers.Wanted)
        {
            await LeaveAsync(session).ConfigureAwait(false);
            return;
        }

        await JoinAsync(session, cancellationToken).ConfigureAwait(false);
        var control = await session.ControlAsync(cancellationToken).ConfigureAwait(false);
        var members = Math.Max(1u, (await control.QueueDeclarePassiveAsync(names.MembersQueue, cancellationToken).ConfigureAwait(false)).ConsumerCount);
        var target = (int)((options.PartitionCount + members - 1) / members);
        List<OwnedPartition> owned;
        lock (_sync)
        {
            owned = _partitions.Values.Where(p => p.IsActive && !p.Releasing).ToList();
        }

        var now = Now;
        var minimumHold = options.RebalanceInterval * 5;
        if (owned.Count > target)
        {
            // Give back the least busy partitions that were held long enough not to flap.
            var extra = owned.Where(p => now - p.ClaimedAt >= minimumHold)
                .OrderBy(p => p.InFlight).ThenBy(p => p.ClaimedAt)
                .Take(owned.Count - target)
                .ToList();
            await Task.WhenAll(extra.Select(p => ReleaseAsync(session, p, $"{members} workers share {options.PartitionCount} partitions, {target} each"))).ConfigureAwait(false);
            return;
        }

        // Below target: claim unowned partitions. At target: still look now and then for partitions nobody took (a
        // worker that counts as a member but does not claim) and take one that stayed unowned for two looks.
        var lookForOrphans = ++_balanceRound % 5 == 0;
        if (owned.Count >= target && !lookForOrphans)
        {
            return;
        }

        var start = Random.Shared.Next(options.PartitionCount);
        var count = owned.Count;
        for (var i = 0; i < options.PartitionCount; i++)
        {
            var partition = (start + i) % options.PartitionCount;
            lock (_sync)
            {
                if (_partitions.ContainsKey(partition))
                {
                    continue;
                }
            }

            var probe = await control.QueueDeclarePassiveAsync(names.PartitionQueue(partition), cancellationToken).ConfigureAwait(false);
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
                    logger.PartitionClaimed(partition, count, members, options.PartitionCount);
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
        await channel.BasicConsumeAsync(names.MembersQueue, autoAck: true, consumerTag: string.Empty, noLocal: false, exclusive: false,
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
            await channel.QueueDeclareAsync(names.LockQueue(partition), durable: false, exclusive: true, autoDelete: true,
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
            WarmRemaining = (int)Math.Min(backlog, options.OrchestrationPrefetch),
            WarmUntil = Now + WarmUpLimit,
        };
        await channel.BasicQosAsync(0, options.OrchestrationPrefetch, global: false, cancellationToken).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, e) => buffers.OnDeliveryAsync(owned, e);
        channel.ChannelShutdownAsync += (_, e) => OnChannelShutdownAsync(owned, e);
        lock (_sync)
        {
            _partitions[partition] = owned;
        }

        try
        {
            await channel.BasicConsumeAsync(names.PartitionQueue(partition), autoAck: false, consumerTag: string.Empty, noLocal: false, exclusive: false,
                arguments: null, consumer, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Lose(owned, out _);
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
        if (!partition.TryStartRelease(out var idle))
        {
            return;
        }

        using (var timeout = new CancellationTokenSource(options.ReleaseTimeout, options.TimeProvider))
        {
            await Task.WhenAny(idle, Task.Delay(Timeout.Infinite, timeout.Token)).ConfigureAwait(false);
        }

        Lose(partition, out _);
        await ChannelOps.CloseQuietlyAsync(partition.Channel).ConfigureAwait(false);
        await DeleteLockAsync(session, partition.Index).ConfigureAwait(false);
        logger.PartitionReleased(partition.Index, reason);
        buffers.PulseAll();
    }

    private async Task DeleteLockAsync(Session session, int partition)
    {
        try
        {
            if (session.IsOpen)
            {
                var control = await session.ControlAsync(CancellationToken.None).ConfigureAwait(false);
                await control.QueueDeleteAsync(names.LockQueue(partition), ifUnused: false, ifEmpty: false).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException)
        {
            // The connection is going; the broker drops exclusive queues with it.
        }
    }

    private Task OnChannelShutdownAsync(OwnedPartition partition, ShutdownEventArgs e)
    {
        Lose(partition, out var wasActive);
        if (wasActive && e.Initiator != ShutdownInitiator.Application)
        {
            logger.PartitionLost(partition.Index, $"{e.Initiator}: {e.ReplyCode} {e.ReplyText}");
            buffers.PulseAll();

            // The connection may still be up (a channel error): drop the lock so that another worker can take over.
            _ = DeleteLockAsync(partition.Session, partition.Index);
            maintenanceWake.PulseAll();
        }

        return Task.CompletedTask;
    }

    /// <summary>Forgets every partition (the connection is gone, or the transport stops).</summary>
    public void LoseAll()
    {
        List<OwnedPartition> all;
        lock (_sync)
        {
            all = _partitions.Values.ToList();
        }

        foreach (var partition in all)
        {
            Lose(partition, out _);
        }
    }

    /// <summary>Forgets a partition: its buffered deliveries are dropped (the broker requeues them with the channel).</summary>
    /// <param name="partition">The partition.</param>
    /// <param name="wasOwned">Whether it was active and not being released.</param>
    private void Lose(OwnedPartition partition, out bool wasOwned)
    {
        if (!partition.Lose(out wasOwned))
        {
            return;
        }

        lock (_sync)
        {
            if (_partitions.TryGetValue(partition.Index, out var current) && ReferenceEquals(current, partition))
            {
                _partitions.Remove(partition.Index);
            }
        }

        buffers.Drop(partition);
    }
}
