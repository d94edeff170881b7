using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using WorkflowSdk.Backends;
using WorkflowSdk.History;

namespace WorkflowSdk.RabbitMQ.Internal;

/// <summary>
/// Activity calls: one queue, competing consumers. A call stays unacknowledged while it runs (the broker's hold on it is
/// the lease) and is acknowledged after its result is confirmed on the caller's partition. Owns the consumer's channel
/// (its <c>ActivityLease</c>), the deliveries ready to hand out and the receive counters; <c>_sync</c> guards the
/// channel and is taken by nobody else.
/// </summary>
internal sealed class ActivityConsumer(
    RabbitMQTransportOptions options,
    HubNames names,
    MessageBody body,
    Publisher publisher,
    ILogger logger,
    CancellationTokenSource stopping,
    AsyncPulse maintenanceWake,
    Func<IReadOnlyList<WorkMessage>, CancellationToken, Task> send)
{
    private readonly object _sync = new();
    private readonly Channel<ActivityDelivery> _items = Channel.CreateUnbounded<ActivityDelivery>(
        new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });

    private ActivityLease? _channel;
    private int _inFlight;

    private DateTime Now => options.TimeProvider.GetUtcNow().UtcDateTime;

    /// <summary>Whether a receiver wants activity calls (so the maintenance loop keeps the consumer up), and when one last ran.</summary>
    public ReceiverActivity Receivers { get; } = new(options.TimeProvider, maintenanceWake);

    /// <summary>Waits up to <paramref name="maxWait"/> for a call.</summary>
    public async Task<ActivityWorkItem?> ReceiveAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        Receivers.BeginReceive();
        try
        {
            return await WaitForWorkAsync(maxWait, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Receivers.EndReceive();
        }
    }

    private async Task<ActivityWorkItem?> WaitForWorkAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(maxWait);
        while (true)
        {
            while (_items.Reader.TryRead(out var delivery))
            {
                if (delivery.Lease.IsActive)
                {
                    Interlocked.Increment(ref _inFlight);
                    return new RabbitMQActivityWorkItem(this, delivery);
                }
            }

            try
            {
                if (!await _items.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
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

    /// <summary>Keeps the consumer up on <paramref name="session"/>, or closes it when the worker stopped receiving (maintenance loop).</summary>
    public async Task EnsureAsync(Session session, CancellationToken cancellationToken)
    {
        // A worker that stopped receiving (and runs nothing) lets the calls it holds go to the other workers.
        if (Receivers.ActiveReceives == 0 && Volatile.Read(ref _inFlight) == 0 && Receivers.IdleFor > options.ReceiverIdleTimeout)
        {
            Receivers.StopWanting();
            ActivityLease? idle;
            lock (_sync)
            {
                idle = _channel;
                _channel = null;
            }

            if (idle is not null)
            {
                idle.Lose();
                await ChannelOps.CloseQuietlyAsync(idle.Channel).ConfigureAwait(false);
            }

            return;
        }

        if (_channel is { IsActive: true } current && current.Session == session && current.Channel.IsOpen)
        {
            return;
        }

        var channel = await session.Connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.BasicQosAsync(0, options.ActivityPrefetch, global: false, cancellationToken).ConfigureAwait(false);
        var lease = new ActivityLease(channel, session);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, e) => OnDeliveryAsync(lease, e);
        channel.ChannelShutdownAsync += (_, _) =>
        {
            lease.Lose();
            maintenanceWake.PulseAll();
            return Task.CompletedTask;
        };
        lock (_sync)
        {
            _channel?.Lose();
            _channel = lease;
        }

        await channel.BasicConsumeAsync(names.ActivityQueue, autoAck: false, consumerTag: string.Empty, noLocal: false, exclusive: false,
            arguments: null, consumer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The connection <paramref name="session"/> is gone (or, for <see langword="null"/>, the transport stops): the consumer is lost with it.</summary>
    public void Lose(Session? session)
    {
        lock (_sync)
        {
            if (session is null)
            {
                _channel?.Lose();
            }
            else if (_channel?.Session == session)
            {
                _channel.Lose();
            }
        }
    }

    /// <summary>No more calls are handed out (the transport is disposed).</summary>
    public void Complete() => _items.Writer.TryComplete();

    private async Task OnDeliveryAsync(ActivityLease lease, BasicDeliverEventArgs e)
    {
        try
        {
            var bytes = e.Body.ToArray();
            WorkMessage message;
            try
            {
                message = body.Decode(bytes, e.BasicProperties.ContentEncoding);
            }
            catch (InvalidDataException ex)
            {
                await publisher.QuarantineAsync(lease.Channel, e.DeliveryTag, names.ActivityQueue, bytes, e.BasicProperties, ex.Message, stopping.Token).ConfigureAwait(false);
                return;
            }

            var previous = MessageHeaders.PreviousDeliveries(e.BasicProperties, e.Redelivered, options.UseQuorumQueues);
            if (e.Redelivered && !options.UseQuorumQueues)
            {
                // Classic queues do not count redeliveries (after a crash, or a release). Count it in a header: republish
                // with the count (confirmed), then acknowledge this copy. Order does not matter on the activity queue.
                await publisher.PublishAsync([publisher.Work(message, previous)], stopping.Token).ConfigureAwait(false);
                await ChannelOps.AckQuietlyAsync(lease.Channel, e.DeliveryTag).ConfigureAwait(false);
                return;
            }

            var delivery = new ActivityDelivery(lease, e.DeliveryTag, message, previous + 1);
            if (message.VisibleAtUtc is { } visible && visible > Now)
            {
                _ = EnqueueWhenDueAsync(delivery, visible - Now);
                return;
            }

            _items.Writer.TryWrite(delivery);
        }
        catch (Exception ex)
        {
            logger.DeliveryFailed(ex, names.ActivityQueue);
        }
    }

    /// <summary>A call due later is held (unacknowledged) until it is due; durable timers never come this way (they wait in the store).</summary>
    private async Task EnqueueWhenDueAsync(ActivityDelivery delivery, TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, options.TimeProvider, stopping.Token).ConfigureAwait(false);
            _items.Writer.TryWrite(delivery);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the broker redelivers it.
        }
    }

    private void Finished()
    {
        Interlocked.Decrement(ref _inFlight);
        Receivers.Touch();
    }

    private Task SendResultAsync(WorkMessage result, CancellationToken cancellationToken) => send([result], cancellationToken);

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, options.TimeProvider, cancellationToken);

    private Task DeadLetterAsync(ActivityDelivery delivery, string reason, IReadOnlyList<WorkMessage> notices, CancellationToken cancellationToken)
    {
        var (encoded, compressed) = body.Encode(delivery.Message);
        return publisher.DeadLetterAsync(delivery.Lease.Channel, delivery.Tag, names.ActivityQueue, encoded,
            MessageHeaders.Properties(delivery.Message, compressed, delivery.Count), reason, notices, cancellationToken);
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
    private sealed class RabbitMQActivityWorkItem(ActivityConsumer consumer, ActivityDelivery delivery)
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

                await consumer.SendResultAsync(result, cancellationToken).ConfigureAwait(false);
                await ChannelOps.AckQuietlyAsync(delivery.Lease.Channel, delivery.Tag).ConfigureAwait(false);
                return true;
            }
            finally
            {
                consumer.Finished();
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
                    await consumer.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
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
                consumer.Finished();
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

                var notices = failureResult.Event is TaskFailedEvent { TaskId: >= 0 } ? new[] { failureResult } : [];
                await consumer.DeadLetterAsync(delivery, reason, notices, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                consumer.Finished();
            }
        }
    }
}
