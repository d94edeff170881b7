using System.Collections.Concurrent;
using RabbitMQ.Client;

namespace WorkflowSdk.RabbitMQ.Internal;

/// <summary>
/// The publisher-confirm channels of one connection. At most <see cref="MaxPublishers"/> are out at once: a burst of
/// concurrent publishes waits (asynchronously) for a channel instead of opening one per publish. Its state (the pool
/// and the slots) is its own; no other lock is taken here.
/// </summary>
internal sealed class ConfirmChannelPool(IConnection connection)
{
    /// <summary>The most publisher channels a connection has open at once.</summary>
    public const int MaxPublishers = 16;

    private readonly ConcurrentBag<IChannel> _publishers = [];
    private readonly SemaphoreSlim _publisherSlots = new(MaxPublishers, MaxPublishers);

    /// <summary>
    /// A channel with publisher confirms, taken from the pool or opened; callers hand it back with
    /// <see cref="ReturnAsync"/>.
    /// </summary>
    public async Task<IChannel> RentAsync(CancellationToken cancellationToken)
    {
        await _publisherSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (_publishers.TryTake(out var pooled))
            {
                if (pooled.IsOpen)
                {
                    return pooled;
                }

                await pooled.DisposeAsync().ConfigureAwait(false);
            }

            return await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _publisherSlots.Release();
            throw;
        }
    }

    /// <summary>Hands a rented channel back: pooled when it is healthy, closed otherwise.</summary>
    /// <param name="channel">The channel from <see cref="RentAsync"/>.</param>
    /// <param name="healthy">Whether its last use succeeded (a failed one may hold unconfirmed state).</param>
    public async Task ReturnAsync(IChannel channel, bool healthy)
    {
        try
        {
            if (healthy && channel.IsOpen)
            {
                _publishers.Add(channel);
            }
            else
            {
                // Never Dispose() an open channel synchronously: it blocks a pool thread on the broker's reply,
                // and a burst of them starves the pool (heartbeats stop; the broker drops the connection).
                await ChannelOps.CloseQuietlyAsync(channel).ConfigureAwait(false);
            }
        }
        finally
        {
            _publisherSlots.Release();
        }
    }
}
