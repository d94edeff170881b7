using WorkflowSdk.Backends;
using WorkflowSdk.RabbitMQ.Internal;

namespace WorkflowSdk.RabbitMQ;

/// <summary>Publishing with confirms: delegates to the <see cref="Publisher"/>.</summary>
public sealed partial class RabbitMQTransport
{
    /// <summary>
    /// Publishes the messages and waits for the broker's confirms: when the task completes, every message is stored in
    /// its (durable) queue. Nothing is published when one message is too large.
    /// </summary>
    /// <param name="messages">The messages.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="PayloadSerializationException">A message is above <see cref="RabbitMQTransportOptions.MaxMessageBytes"/>.</exception>
    /// <exception cref="TimeoutException">The broker was not reachable within the connect timeout.</exception>
    public async Task SendAsync(IReadOnlyList<WorkMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (messages.Count == 0)
        {
            return;
        }

        await _publisher.SendAsync(messages, cancellationToken).ConfigureAwait(false);
    }
}
