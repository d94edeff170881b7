using WorkflowSdk.Backends;

namespace WorkflowSdk.RabbitMQ;

/// <summary>Activity calls: delegates to the <see cref="Internal.ActivityConsumer"/>, which owns the consumer and its state.</summary>
public sealed partial class RabbitMQTransport
{
    /// <inheritdoc/>
    public async Task<ActivityWorkItem?> ReceiveActivityWorkItemAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        _activities.Receivers.Want();
        EnsureMaintenanceRunning();
        return await _activities.ReceiveAsync(maxWait, cancellationToken).ConfigureAwait(false);
    }
}
