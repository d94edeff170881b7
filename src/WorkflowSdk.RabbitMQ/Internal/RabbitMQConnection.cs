using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace WorkflowSdk.RabbitMQ.Internal;

/// <summary>
/// The connection and its recovery. One AMQP connection per transport carries publishes, consumers and the partition
/// locks. The client library's automatic recovery is off on purpose: partition locks, buffered deliveries and delivery
/// tags all belong to one connection, so when it fails they are dropped (the broker requeues the messages, see
/// <paramref name="lost"/>) and the transport's maintenance loop reconnects with exponential back-off, redeclares the
/// topology and claims partitions afresh. Owns the current <see cref="Session"/>, its generation and the connect lock;
/// <c>_sync</c> guards the session and is taken by nobody else.
/// </summary>
/// <param name="options">The transport's settings.</param>
/// <param name="factory">Makes connections (automatic recovery off).</param>
/// <param name="topology">Declares the hub on every new connection.</param>
/// <param name="endpoint">The broker, without the password (for messages and logs).</param>
/// <param name="logger">Where logs go.</param>
/// <param name="owner">The transport, named by <see cref="ObjectDisposedException"/>.</param>
/// <param name="disposed">Whether the transport is disposed.</param>
/// <param name="lost">Called when the current session's connection failed, after it is forgotten: drops what belonged to it.</param>
/// <param name="wake">Called after <paramref name="lost"/> and the log: wakes receivers and the maintenance loop.</param>
internal sealed class RabbitMQConnection(
    RabbitMQTransportOptions options,
    ConnectionFactory factory,
    HubTopology topology,
    string endpoint,
    ILogger logger,
    object owner,
    Func<bool> disposed,
    Action<Session> lost,
    Action wake)
{
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly object _sync = new();
    private Session? _session;
    private long _generation;

    private DateTime Now => options.TimeProvider.GetUtcNow().UtcDateTime;

    /// <summary>The open session, connecting (with back-off, up to the connect timeout) when there is none.</summary>
    public async Task<Session> GetSessionAsync(CancellationToken cancellationToken)
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

            ObjectDisposedException.ThrowIf(disposed(), owner);
            var connection = await ConnectWithBackOffAsync(cancellationToken).ConfigureAwait(false);
            var session = new Session(connection, Interlocked.Increment(ref _generation));
            connection.ConnectionShutdownAsync += (_, e) => OnConnectionShutdownAsync(session, e);
            try
            {
                await topology.DeclareAsync(session, cancellationToken).ConfigureAwait(false);
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

            logger.Connected(endpoint, session.Generation, options.HubName, options.PartitionCount, options.UseQuorumQueues ? "quorum" : "classic");
            return session;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>A new connection of its own (not the session's), with back-off up to the connect timeout.</summary>
    public async Task<IConnection> ConnectWithBackOffAsync(CancellationToken cancellationToken)
    {
        var deadline = Now + options.ConnectTimeout;
        var delay = options.ReconnectDelay;
        while (true)
        {
            try
            {
                return await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is BrokerUnreachableException or ConnectFailureException or OperationInterruptedException or IOException
                                       && !cancellationToken.IsCancellationRequested)
            {
                if (Now + delay > deadline)
                {
                    throw new TimeoutException(
                        $"RabbitMQ at {endpoint} was not reachable within {options.ConnectTimeout} (RabbitMQTransportOptions.ConnectTimeout): {ex.GetBaseException().Message}",
                        ex);
                }

                logger.ConnectFailed(ex, endpoint, delay);
                await Task.Delay(delay, options.TimeProvider, cancellationToken).ConfigureAwait(false);
                delay = NextDelay(delay);
            }
        }
    }

    /// <summary>The next back-off delay: doubled, up to the maximum reconnect delay.</summary>
    public TimeSpan NextDelay(TimeSpan delay) => delay * 2 < options.MaxReconnectDelay ? delay * 2 : options.MaxReconnectDelay;

    /// <summary>Forgets the current session (the transport stops) and returns it, for the caller to close.</summary>
    public Session? Detach()
    {
        lock (_sync)
        {
            var session = _session;
            _session = null;
            return session;
        }
    }

    /// <summary>Releases the connect lock (after <see cref="Detach"/>).</summary>
    public void Dispose() => _connectLock.Dispose();

    private Task OnConnectionShutdownAsync(Session session, ShutdownEventArgs e)
    {
        if (e.Initiator == ShutdownInitiator.Application && disposed())
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

        lost(session);
        logger.ConnectionLost(endpoint, session.Generation, $"{e.Initiator}: {e.ReplyCode} {e.ReplyText}");
        wake();
        return Task.CompletedTask;
    }
}
