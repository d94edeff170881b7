using WorkflowSdk.Backends;

namespace WorkflowSdk.RabbitMQ;

/// <summary>
/// Orchestration work: delegates to the <see cref="Internal.InstanceBuffers"/> (deliveries buffered per instance) and the
/// <see cref="Internal.PartitionOwner"/> (which partitions this worker consumes).
/// </summary>
public sealed partial class RabbitMQTransport
{
    /// <inheritdoc/>
    public async Task<OrchestrationWorkItem?> ReceiveOrchestrationWorkItemAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        _buffers.Receivers.Want();
        EnsureMaintenanceRunning();
        return await _buffers.ReceiveAsync(maxWait, cancellationToken).ConfigureAwait(false);
    }
}
