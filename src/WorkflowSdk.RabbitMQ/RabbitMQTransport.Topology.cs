using RabbitMQ.Client;
using WorkflowSdk.RabbitMQ.Internal;

namespace WorkflowSdk.RabbitMQ;

/// <summary>Deleting a task hub's exchanges and queues (declaring them is the <see cref="HubTopology"/>'s, on connect).</summary>
public sealed partial class RabbitMQTransport
{
    /// <summary>
    /// Deletes the task hub's queues and exchanges, <b>with every message in them</b> (for tests and decommissioning).
    /// Workers of the hub must be stopped first.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    public async Task DeleteHubAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var connection = await _connection.ConnectWithBackOffAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _topology.DeleteAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await connection.CloseAsync(cancellationToken).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
