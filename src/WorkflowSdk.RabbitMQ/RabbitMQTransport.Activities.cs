using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.RabbitMQ.Internal;

namespace WorkflowSdk.RabbitMQ;

/// <summary>
/// Activity calls: one queue, competing consumers. A call stays unacknowledged while it runs (the broker's hold on it is
/// the lease) and is acknowledged after its result is confirmed on the caller's partition.
/// </summary>
public sealed partial class RabbitMQTransport
{
    private readonly Channel<ActivityDelivery> _activityItems = Channel.CreateUnbounded<ActivityDelivery>(
        new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });

    private ActivityLease? _activityLease;
    private long _lastActivityReceiveTicks;
    private int _activeActivityReceives;
    private int _activitiesInFlight;

    /// <inheritdoc/>
    public async Task<ActivityWorkItem?> ReceiveActivityWorkItemAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (!_wantsActivities)
        {
            _wantsActivities = true;
            _maintenanceWake.PulseAll();
        }

        EnsureMaintenanceRunning();
        Interlocked.Increment(ref _activeActivityReceives);
        try
        {
            return await WaitForActivityWorkAsync(maxWait, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _lastActivityReceiveTicks, Now.Ticks);
            Interlocked.Decrement(ref _activeActivityReceives);
        }
    }

    private async Task<ActivityWorkItem?> WaitForActivityWorkAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(maxWait);
        while (true)
        {
            while (_activityItems.Reader.TryRead(out var delivery))
            {
                if (delivery.Lease.IsActive)
                {
                    Interlocked.Increment(ref _activitiesInFlight);
                    return new RabbitMQActivityWorkItem(this, delivery);
                }
            }

            try
            {
                if (!await _activityItems.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
                {
                    return null;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    private async Task EnsureActivityConsumerAsync(Session session, CancellationToken cancellationToken)
    {
        // A worker that stopped receiving (and runs nothing) lets the calls it holds go to the other workers.
        var idleFor = Now - new DateTime(Volatile.Read(ref _lastActivityReceiveTicks), DateTimeKind.Utc);
        if (Volatile.Read(ref _activeActivityReceives) == 0 && Volatile.Read(ref _activitiesInFlight) == 0 && idleFor > _options.ReceiverIdleTimeout)
        {
            _wantsActivities = false;
            ActivityLease? idle;
            lock (_sync)
            {
                idle = _activityLease;
                _activityLease = null;
            }

            if (idle is not null)
            {
                idle.Lose();
                await ChannelOps.CloseQuietlyAsync(idle.Channel).ConfigureAwait(false);
            }

            return;
        }

        if (_activityLease is { IsActive: true } current && current.Session == session && current.Channel.IsOpen)
        {
            return;
        }

        var channel = await session.Connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.BasicQosAsync(0, _options.ActivityPrefetch, global: false, cancellationToken).ConfigureAwait(false);
        var lease = new ActivityLease(channel, session);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, e) => OnActivityDeliveryAsync(lease, e);
        channel.ChannelShutdownAsync += (_, _) =>
        {
            lease.Lose();
            _maintenanceWake.PulseAll();
            return Task.CompletedTask;
        };
        lock (_sync)
        {
            _activityLease?.Lose();
            _activityLease = lease;
        }

        await channel.BasicConsumeAsync(ActivityQueueName, autoAck: false, consumerTag: string.Empty, noLocal: false, exclusive: false,
            arguments: null, consumer, cancellationToken).ConfigureAwait(false);
    }

    private async Task OnActivityDeliveryAsync(ActivityLease lease, BasicDeliverEventArgs e)
    {
        try
        {
            var body = e.Body.ToArray();
            WorkMessage message;
            try
            {
                message = _body.Decode(body, e.BasicProperties.ContentEncoding);
            }
            catch (InvalidDataException ex)
            {
                await _publisher.QuarantineAsync(lease.Channel, e.DeliveryTag, ActivityQueueName, body, e.BasicProperties, ex.Message, _stopping.Token).ConfigureAwait(false);
                return;
            }

            var previous = MessageHeaders.PreviousDeliveries(e.BasicProperties, e.Redelivered, _options.UseQuorumQueues);
            if (e.Redelivered && !_options.UseQuorumQueues)
            {
                // Classic queues do not count redeliveries (after a crash, or a release). Count it in a header: republish
                // with the count (confirmed), then acknowledge this copy. Order does not matter on the activity queue.
                await _publisher.PublishAsync([_publisher.Work(message, previous)], _stopping.Token).ConfigureAwait(false);
                await ChannelOps.AckQuietlyAsync(lease.Channel, e.DeliveryTag).ConfigureAwait(false);
                return;
            }

            var delivery = new ActivityDelivery(lease, e.DeliveryTag, message, previous + 1);
            if (message.VisibleAtUtc is { } visible && visible > Now)
            {
                _ = EnqueueWhenDueAsync(delivery, visible - Now);
                return;
            }

            _activityItems.Writer.TryWrite(delivery);
        }
        catch (Exception ex)
        {
            _logger.DeliveryFailed(ex, ActivityQueueName);
        }
    }

    /// <summary>A call due later is held (unacknowledged) until it is due; durable timers never come this way (they wait in the store).</summary>
    private async Task EnqueueWhenDueAsync(ActivityDelivery delivery, TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, _options.TimeProvider, _stopping.Token).ConfigureAwait(false);
            _activityItems.Writer.TryWrite(delivery);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the broker redelivers it.
        }
    }

    private void ActivityFinished()
    {
        Interlocked.Decrement(ref _activitiesInFlight);
        Volatile.Write(ref _lastActivityReceiveTicks, Now.Ticks);
    }

    private sealed record ActivityDelivery(ActivityLease Lease, ulong Tag, WorkMessage Message, int Count);

    /// <summary>The activity consumer's channel; lost with it.</summary>
    private sealed class ActivityLease(IChannel channel, Session session)
    {
        private volatile bool _active = true;

        public IChannel Channel => channel;

        public Session Session => session;

        public bool IsActive => _active && channel.IsOpen;

        public void Lose() => _active = false;
    }

    /// <summary>One activity call, unacknowledged while it runs.</summary>
    private sealed class RabbitMQActivityWorkItem(RabbitMQTransport transport, ActivityDelivery delivery)
        : ActivityWorkItem(delivery.Message, delivery.Count)
    {
        private int _finished;

        public override async Task<bool> CompleteAsync(WorkMessage result, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(result);
            if (Interlocked.Exchange(ref _finished, 1) != 0)
            {
                return false;
            }

            try
            {
                if (!delivery.Lease.IsActive)
                {
                    // The channel closed, so the broker delivers the call again (to any worker); this result is not needed.
                    return false;
                }

                await transport.SendAsync([result], cancellationToken).ConfigureAwait(false);
                await ChannelOps.AckQuietlyAsync(delivery.Lease.Channel, delivery.Tag).ConfigureAwait(false);
                return true;
            }
            finally
            {
                transport.ActivityFinished();
            }
        }

        public override async Task AbandonAsync(TimeSpan delay, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _finished, 1) != 0)
            {
                return;
            }

            try
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, transport._options.TimeProvider, cancellationToken).ConfigureAwait(false);
                }

                if (delivery.Lease.IsActive)
                {
                    await delivery.Lease.Channel.BasicNackAsync(delivery.Tag, multiple: false, requeue: true, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException)
            {
                // The channel is gone: the broker requeues it anyway.
            }
            finally
            {
                transport.ActivityFinished();
            }
        }

        public override Task<bool> RenewLeaseAsync(CancellationToken cancellationToken) =>
            Task.FromResult(delivery.Lease.IsActive && _finished == 0);

        public override async Task DeadLetterAsync(string reason, WorkMessage failureResult, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(failureResult);
            if (Interlocked.Exchange(ref _finished, 1) != 0)
            {
                return;
            }

            try
            {
                if (!delivery.Lease.IsActive)
                {
                    return;
                }

                var (body, compressed) = transport._body.Encode(delivery.Message);
                var notices = failureResult.Event is TaskFailedEvent { TaskId: >= 0 } ? new[] { failureResult } : [];
                await transport._publisher.DeadLetterAsync(delivery.Lease.Channel, delivery.Tag, transport.ActivityQueueName, body,
                    MessageHeaders.Properties(delivery.Message, compressed, delivery.Count), reason, notices, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                transport.ActivityFinished();
            }
        }
    }
}
