using Microsoft.Extensions.Logging;
using WorkflowSdk.Backends;
using WorkflowSdk.RabbitMQ.Internal;

namespace WorkflowSdk.RabbitMQ;

/// <summary>
/// The maintenance loop: keeps the connection (<see cref="RabbitMQConnection"/>), the activity consumer
/// (<see cref="ActivityConsumer"/>) and this worker's share of partitions (<see cref="PartitionOwner"/>) up. The
/// transport's own lock guards only the loop's start.
/// </summary>
public sealed partial class RabbitMQTransport
{
    private readonly AsyncPulse _maintenanceWake = new();
    private readonly object _sync = new();
    private Task? _maintenance;

    /// <summary>The connection failed: what belonged to it is dropped (the broker requeues its messages).</summary>
    private void OnSessionLost(Session session)
    {
        _partitions.LoseAll();
        _activities.Lose(session);
    }

    /// <summary>After a connection loss: receivers look again and the maintenance loop reconnects at once.</summary>
    private void WakeAfterSessionLost()
    {
        _buffers.PulseAll();
        _maintenanceWake.PulseAll();
    }

    /// <summary>Starts the maintenance loop once a receiver needs consumers.</summary>
    private void EnsureMaintenanceRunning()
    {
        if (_maintenance is not null || _disposed != 0)
        {
            return;
        }

        lock (_sync)
        {
            _maintenance ??= Task.Run(() => MaintainAsync(_stopping.Token));
        }
    }

    /// <summary>
    /// Keeps the connection, the activity consumer, the worker's membership and its share of partitions up; runs every
    /// <see cref="RabbitMQTransportOptions.RebalanceInterval"/> and at once after a connection loss.
    /// </summary>
    private async Task MaintainAsync(CancellationToken stopping)
    {
        var delay = _options.ReconnectDelay;
        while (!stopping.IsCancellationRequested)
        {
            var wake = _maintenanceWake.NextPulse;
            try
            {
                var session = await _connection.GetSessionAsync(stopping).ConfigureAwait(false);
                if (_activities.Receivers.Wanted)
                {
                    await _activities.EnsureAsync(session, stopping).ConfigureAwait(false);
                }

                await _partitions.BalanceAsync(session, stopping).ConfigureAwait(false);
                delay = _options.ReconnectDelay;
                await Task.WhenAny(wake, Task.Delay(_options.RebalanceInterval, _options.TimeProvider, stopping)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.MaintenanceFailed(ex, delay);
                try
                {
                    await Task.Delay(delay, _options.TimeProvider, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = _connection.NextDelay(delay);
            }
        }
    }
}
