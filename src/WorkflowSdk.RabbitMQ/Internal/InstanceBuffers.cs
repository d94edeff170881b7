using Microsoft.Extensions.Logging;
using RabbitMQ.Client.Events;
using WorkflowSdk.Backends;

namespace WorkflowSdk.RabbitMQ.Internal;

/// <summary>
/// Orchestration work: deliveries from the owned partitions are buffered per instance, in arrival order; a receive
/// hands out all due messages of one instance that has no work item out, and its messages are acknowledged when the
/// work item completes (after the episode's commit). Owns the buffers, the candidates and the receive counters;
/// <c>_sync</c> guards the buffers and is taken by nobody else (a partition's own lock may be taken inside it).
/// </summary>
internal sealed class InstanceBuffers(
    RabbitMQTransportOptions options,
    HubNames names,
    MessageBody body,
    Publisher publisher,
    ILogger logger,
    CancellationTokenSource stopping,
    AsyncPulse maintenanceWake,
    Func<bool> disposed)
{
    private readonly object _sync = new();
    private readonly Dictionary<string, InstanceBuffer> _instances = new(StringComparer.Ordinal);
    private readonly LinkedList<InstanceBuffer> _candidates = new();
    private readonly AsyncPulse _work = new();

    private DateTime Now => options.TimeProvider.GetUtcNow().UtcDateTime;

    /// <summary>Whether a receiver wants orchestration work (so the maintenance loop keeps partitions), and when one last ran.</summary>
    public ReceiverActivity Receivers { get; } = new(options.TimeProvider, maintenanceWake);

    /// <summary>Wakes waiting receives (a partition was lost or released, or the transport stops).</summary>
    public void PulseAll() => _work.PulseAll();

    /// <summary>Waits up to <paramref name="maxWait"/> for an instance's due messages.</summary>
    public async Task<OrchestrationWorkItem?> ReceiveAsync(TimeSpan maxWait, CancellationToken cancellationToken)
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

    private async Task<OrchestrationWorkItem?> WaitForWorkAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var deadline = Now + maxWait;
        while (true)
        {
            var wake = _work.NextPulse;
            var item = TryTakeWork(out var nextDue);
            if (item is not null)
            {
                return item;
            }

            var now = Now;
            if (now >= deadline || disposed())
            {
                return null;
            }

            var wait = deadline - now;
            if (nextDue is { } due && due - now < wait)
            {
                wait = due > now ? due - now : TimeSpan.FromMilliseconds(1);
            }

            await Task.WhenAny(wake, Task.Delay(wait, options.TimeProvider, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private RabbitMQOrchestrationWorkItem? TryTakeWork(out DateTime? nextDue)
    {
        nextDue = null;
        var now = Now;
        lock (_sync)
        {
            for (var node = _candidates.First; node is not null;)
            {
                var next = node.Next;
                var buffer = node.Value;
                if (buffer.Locked || buffer.Pending.Count == 0)
                {
                    RemoveCandidateLocked(buffer);
                    node = next;
                    continue;
                }

                if (buffer.Pending[0].Partition.Releasing)
                {
                    node = next;
                    continue;
                }

                if (buffer.Pending[0].Partition.IsWarmingUp(now))
                {
                    nextDue = Earliest(nextDue, buffer.Pending[0].Partition.WarmUntil);
                    node = next;
                    continue;
                }

                if (buffer.NotBefore > now)
                {
                    nextDue = Earliest(nextDue, buffer.NotBefore);
                    node = next;
                    continue;
                }

                var due = new List<Delivery>();
                foreach (var delivery in buffer.Pending)
                {
                    if (delivery.Message.VisibleAtUtc is { } visible && visible > now)
                    {
                        nextDue = Earliest(nextDue, visible);
                    }
                    else if (due.Count < options.MaxMessagesPerWorkItem)
                    {
                        due.Add(delivery);
                    }
                }

                var partition = due.Count == 0 ? null : due[0].Partition;
                if (partition is null || !partition.TryStartWork(unlessReleasing: ReferenceEquals(partition, buffer.Pending[0].Partition)))
                {
                    node = next;
                    continue;
                }

                RemoveCandidateLocked(buffer);
                buffer.Locked = true;
                return new RabbitMQOrchestrationWorkItem(this, buffer, partition, due);
            }
        }

        return null;
    }

    private static DateTime Earliest(DateTime? a, DateTime b) => a is { } value && value < b ? value : b;

    private void RemoveCandidateLocked(InstanceBuffer buffer)
    {
        if (buffer.Candidate is { } node)
        {
            _candidates.Remove(node);
            buffer.Candidate = null;
        }

        if (!buffer.Locked && buffer.Pending.Count == 0)
        {
            _instances.Remove(buffer.InstanceId);
        }
    }

    private void AddCandidateLocked(InstanceBuffer buffer)
    {
        if (buffer.Candidate is null && !buffer.Locked && buffer.Pending.Count > 0)
        {
            buffer.Candidate = _candidates.AddLast(buffer);
        }
    }

    /// <summary>Drops a lost partition's buffered deliveries (the broker requeues them with its channel).</summary>
    public void Drop(OwnedPartition partition)
    {
        lock (_sync)
        {
            foreach (var buffer in _instances.Values.ToList())
            {
                if (buffer.Pending.RemoveAll(d => ReferenceEquals(d.Partition, partition)) > 0 && !buffer.Locked && buffer.Pending.Count == 0)
                {
                    RemoveCandidateLocked(buffer);
                }
            }
        }
    }

    /// <summary>A delivery from an owned partition: decoded and buffered under its instance (or dead-lettered).</summary>
    public async Task OnDeliveryAsync(OwnedPartition partition, BasicDeliverEventArgs e)
    {
        var queue = names.PartitionQueue(partition.Index);
        try
        {
            var bytes = e.Body.ToArray();
            WorkMessage message;
            try
            {
                message = body.Decode(bytes, e.BasicProperties.ContentEncoding);
                if (message.Queue != WorkQueue.Orchestration)
                {
                    throw new InvalidDataException($"It is a {message.Event.EventType} (an activity call), which belongs on the activity queue.");
                }
            }
            catch (InvalidDataException ex)
            {
                await publisher.QuarantineAsync(partition.Channel, e.DeliveryTag, queue, bytes, e.BasicProperties, ex.Message, stopping.Token).ConfigureAwait(false);
                return;
            }

            var expected = names.PartitionOf(message.InstanceId);
            if (expected != partition.Index)
            {
                logger.WrongPartition(message.MessageId, message.InstanceId, partition.Index, expected);
            }

            var delivery = new Delivery(partition, e.DeliveryTag, message, MessageHeaders.PreviousDeliveries(e.BasicProperties, e.Redelivered, options.UseQuorumQueues) + 1);
            var duplicate = false;
            lock (_sync)
            {
                if (!partition.TryCountDelivery())
                {
                    return;
                }

                if (!_instances.TryGetValue(message.InstanceId, out var buffer))
                {
                    buffer = new InstanceBuffer(message.InstanceId);
                    _instances.Add(message.InstanceId, buffer);
                }

                duplicate = buffer.Pending.Exists(d => d.Message.MessageId == message.MessageId);
                if (!duplicate)
                {
                    buffer.Pending.Add(delivery);
                    AddCandidateLocked(buffer);
                }
            }

            if (duplicate)
            {
                logger.DuplicateDropped(message.MessageId, message.InstanceId);
                await ChannelOps.AckQuietlyAsync(partition.Channel, e.DeliveryTag).ConfigureAwait(false);
                return;
            }

            _work.PulseAll();
        }
        catch (Exception ex)
        {
            // Unacknowledged, so it comes back when the partition's channel closes.
            logger.DeliveryFailed(ex, queue);
        }
    }

    private async Task CompleteAsync(RabbitMQOrchestrationWorkItem item)
    {
        foreach (var delivery in item.Deliveries)
        {
            if (delivery.Partition.IsActive)
            {
                await ChannelOps.AckQuietlyAsync(delivery.Partition.Channel, delivery.Tag).ConfigureAwait(false);
            }
        }

        Finish(item, delay: null);
    }

    /// <summary>Ends a work item: its deliveries leave the buffer (or, when abandoned, stay with a higher count) and the instance is free again.</summary>
    private void Finish(RabbitMQOrchestrationWorkItem item, TimeSpan? delay)
    {
        lock (_sync)
        {
            var buffer = item.Buffer;
            if (delay is { } wait)
            {
                foreach (var delivery in item.Deliveries)
                {
                    delivery.Count++;
                }

                buffer.NotBefore = Now + wait;
            }
            else
            {
                buffer.Pending.RemoveAll(d => item.Deliveries.Contains(d));
            }

            buffer.Locked = false;
            item.Partition.EndWork();
            if (buffer.Pending.Count == 0)
            {
                _instances.Remove(buffer.InstanceId);
            }
            else
            {
                AddCandidateLocked(buffer);
            }
        }

        _work.PulseAll();
    }

    private async Task DeadLetterAsync(RabbitMQOrchestrationWorkItem item, string reason)
    {
        foreach (var delivery in item.Deliveries)
        {
            if (!delivery.Partition.IsActive)
            {
                continue;
            }

            var (encoded, compressed) = body.Encode(delivery.Message);
            await publisher.DeadLetterAsync(delivery.Partition.Channel, delivery.Tag, names.PartitionQueue(delivery.Partition.Index), encoded,
                MessageHeaders.Properties(delivery.Message, compressed, delivery.Count), reason, [], CancellationToken.None).ConfigureAwait(false);
        }

        Finish(item, delay: null);
    }

    /// <summary>The buffered messages of one instance.</summary>
    private sealed class InstanceBuffer(string instanceId)
    {
        public string InstanceId => instanceId;

        public List<Delivery> Pending { get; } = [];

        public bool Locked { get; set; }

        public DateTime NotBefore { get; set; }

        public LinkedListNode<InstanceBuffer>? Candidate { get; set; }
    }

    /// <summary>One unacknowledged message from a partition.</summary>
    private sealed class Delivery(OwnedPartition partition, ulong tag, WorkMessage message, int count)
    {
        public OwnedPartition Partition => partition;

        public ulong Tag => tag;

        public WorkMessage Message => message;

        public int Count { get; set; } = count;
    }

    /// <summary>The messages of one instance, out to one orchestration episode.</summary>
    private sealed class RabbitMQOrchestrationWorkItem(InstanceBuffers buffers, InstanceBuffer buffer, OwnedPartition partition, List<Delivery> deliveries)
        : OrchestrationWorkItem(buffer.InstanceId, deliveries.Select(d => d.Message).ToList(), deliveries.Max(d => d.Count))
    {
        private int _finished;

        public InstanceBuffer Buffer => buffer;

        public OwnedPartition Partition => partition;

        public List<Delivery> Deliveries => deliveries;

        public override async Task CompleteAsync(CancellationToken cancellationToken)
        {
            if (IsCompleted || Interlocked.Exchange(ref _finished, 1) != 0)
            {
                return;
            }

            await buffers.CompleteAsync(this).ConfigureAwait(false);
            IsCompleted = true;
        }

        public override Task AbandonAsync(TimeSpan delay, CancellationToken cancellationToken)
        {
            if (!IsCompleted && Interlocked.Exchange(ref _finished, 1) == 0)
            {
                // Kept (unacknowledged) in this worker's buffer, which owns the partition, and handed out again after
                // the delay with a higher delivery count, so the order of the instance's messages is kept.
                buffers.Finish(this, delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
            }

            return Task.CompletedTask;
        }

        public override async Task DeadLetterAsync(string reason, CancellationToken cancellationToken)
        {
            if (IsCompleted || Interlocked.Exchange(ref _finished, 1) != 0)
            {
                return;
            }

            await buffers.DeadLetterAsync(this, reason).ConfigureAwait(false);
            IsCompleted = true;
        }
    }
}
