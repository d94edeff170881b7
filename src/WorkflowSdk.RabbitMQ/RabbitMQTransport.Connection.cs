using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using WorkflowSdk.Backends;
using WorkflowSdk.RabbitMQ.Internal;

namespace WorkflowSdk.RabbitMQ;

/// <summary>
/// The connection and its recovery. One AMQP connection per transport carries publishes, consumers and the partition
/// locks. The client library's automatic recovery is off on purpose: partition locks, buffered deliveries and delivery
/// tags all belong to one connection, so when it fails they are dropped (the broker requeues the messages) and a
/// maintenance loop reconnects with exponential back-off, redeclares the topology and claims partitions afresh.
/// </summary>
public sealed partial class RabbitMQTransport
{
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly AsyncPulse _maintenanceWake = new();
    private readonly object _sync = new();
    private Session? _session;
    private long _generation;
    private Task? _maintenance;

    /// <summary>The open session, connecting (with back-off, up to the connect timeout) when there is none.</summary>
    private async Task<Session> GetSessionAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _session);
        if (current is { IsOpen: true })
        {
            return current;
        }

        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current = Volatile.Read(ref _session);
            if (current is { IsOpen: true })
            {
                return current;
            }

            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            var connection = await ConnectWithBackOffAsync(cancellationToken).ConfigureAwait(false);
            var session = new Session(connection, Interlocked.Increment(ref _generation));
            connection.ConnectionShutdownAsync += (_, e) => OnConnectionShutdownAsync(session, e);
            try
            {
                await DeclareTopologyAsync(session, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await session.CloseAsync().ConfigureAwait(false);
                throw;
            }

            lock (_sync)
            {
                _session = session;
            }

            _logger.Connected(Endpoint, session.Generation, _options.HubName, _options.PartitionCount, _options.UseQuorumQueues ? "quorum" : "classic");
            return session;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task<IConnection> ConnectWithBackOffAsync(CancellationToken cancellationToken)
    {
        var deadline = Now + _options.ConnectTimeout;
        var delay = _options.ReconnectDelay;
        while (true)
        {
            try
            {
                return await _factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is BrokerUnreachableException or ConnectFailureException or OperationInterruptedException or IOException
                                       && !cancellationToken.IsCancellationRequested)
            {
                if (Now + delay > deadline)
                {
                    throw new TimeoutException(
                        $"RabbitMQ at {Endpoint} was not reachable within {_options.ConnectTimeout} (RabbitMQTransportOptions.ConnectTimeout): {ex.GetBaseException().Message}",
                        ex);
                }

                _logger.ConnectFailed(ex, Endpoint, delay);
                await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                delay = NextDelay(delay);
            }
        }
    }

    private TimeSpan NextDelay(TimeSpan delay) => delay * 2 < _options.MaxReconnectDelay ? delay * 2 : _options.MaxReconnectDelay;

    private Task OnConnectionShutdownAsync(Session session, ShutdownEventArgs e)
    {
        if (e.Initiator == ShutdownInitiator.Application && _disposed != 0)
        {
            return Task.CompletedTask;
        }

        lock (_sync)
        {
            if (!ReferenceEquals(_session, session))
            {
                return Task.CompletedTask;
            }

            _session = null;
        }

        _partitions.LoseAll();
        _activities.Lose(session);

        _logger.ConnectionLost(Endpoint, session.Generation, $"{e.Initiator}: {e.ReplyCode} {e.ReplyText}");
        _buffers.PulseAll();
        _maintenanceWake.PulseAll();
        return Task.CompletedTask;
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
                var session = await GetSessionAsync(stopping).ConfigureAwait(false);
                if (_activities.Wanted)
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

                delay = NextDelay(delay);
            }
        }
    }
}
