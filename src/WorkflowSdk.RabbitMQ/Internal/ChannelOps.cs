using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace WorkflowSdk.RabbitMQ.Internal;

/// <summary>Acknowledging and closing channels without failing on a channel that is already gone.</summary>
internal static class ChannelOps
{
    public static async Task AckQuietlyAsync(IChannel channel, ulong deliveryTag)
    {
        try
        {
            await channel.BasicAckAsync(deliveryTag, multiple: false).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or ObjectDisposedException)
        {
            // The channel is gone, so the broker delivers the message again; it is a duplicate then, dropped downstream.
        }
    }

    public static async Task CloseQuietlyAsync(IChannel channel)
    {
        try
        {
            if (channel.IsOpen)
            {
                await channel.CloseAsync().ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // Closing a broken channel: nothing left to release.
        }

        await channel.DisposeAsync().ConfigureAwait(false);
    }
}
