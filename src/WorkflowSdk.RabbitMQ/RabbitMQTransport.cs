using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using WorkflowSdk.Backends;
using WorkflowSdk.RabbitMQ.Internal;

namespace WorkflowSdk.RabbitMQ;

/// <summary>
/// Carries work messages over RabbitMQ: orchestration messages on partition queues (one worker process per partition
/// at a time, an instance always on the same partition), activity calls on one queue with competing consumers, and
/// a dead-letter queue. Pair it with any store: <c>new WorkflowBackend(new SqliteBackend(path), transport)</c>.
/// </summary>
/// <remarks>
/// <para><b>Topology</b> (declared idempotently per task hub <c>H</c>): a direct exchange <c>H.work</c>; durable queues
/// <c>H.orchestrations.0</c> … <c>H.orchestrations.{N-1}</c> (single active consumer), <c>H.activities</c>; a fanout
/// exchange <c>H.dead-letter</c> with the queue <c>H.dead-letters</c>; <c>H.members</c>, whose consumer count is the
/// number of live orchestration workers; and, per owned partition, an exclusive lock queue
/// <c>H.partition-lock.{k}</c> that lives as long as its owner's connection.</para>
/// <para><b>Delivery</b>: every publish waits for the broker's confirm (so a relayed outbox entry is deleted only after
/// its confirm); messages are acknowledged only after the episode that consumed them has committed; every message
/// carries its id, and duplicates are dropped (here while buffered, and by the engine after that).</para>
/// <para><b>Partitions</b>: each worker takes <c>ceil(N / workers)</c> partitions and gives extra ones back when
/// workers join; a crashed worker's partitions are requeued by the broker and claimed by the others within about
/// <see cref="RabbitMQTransportOptions.RebalanceInterval"/>. See <c>docs/rabbitmq.md</c>.</para>
/// </remarks>
public sealed partial class RabbitMQTransport : IWorkflowTransport
{
    private readonly RabbitMQTransportOptions _options;
    private readonly RabbitMQEndpoint _endpoint;
    private readonly HubTopology _topology;
    private readonly RabbitMQConnection _connection;
    private readonly MessageBody _body;
    private readonly HubNames _names;
    private readonly Publisher _publisher;
    private readonly ActivityConsumer _activities;
    private readonly InstanceBuffers _buffers;
    private readonly PartitionOwner _partitions;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    /// <summary>Creates a transport; nothing is connected until it is initialized or used.</summary>
    /// <param name="options">Settings; <see langword="null"/> for the defaults (a local broker, hub <c>workflows</c>).</param>
    /// <param name="loggerFactory">Where logs go; <see langword="null"/> for nowhere.</param>
    /// <exception cref="ArgumentException">An option is out of range or the connection string is malformed (the message names it).</exception>
    public RabbitMQTransport(RabbitMQTransportOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        _options = options ?? new RabbitMQTransportOptions();
        _options.Validate();
        _endpoint = RabbitMQEndpoint.Parse(_options.ConnectionString);
        var factory = new ConnectionFactory
        {
            // Recovery is ours (see Internal/RabbitMQConnection.cs): partition ownership, buffered deliveries and
            // delivery tags belong to one connection, so after a failure everything is rebuilt, never resumed.
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            RequestedHeartbeat = _options.Heartbeat,
            ClientProvidedName = _options.ClientName ?? $"workflowsdk:{Environment.MachineName}:{Environment.ProcessId}:{_options.HubName}",
        };
        _endpoint.ApplyTo(factory);
        _body = new MessageBody(_options.CompressionThresholdBytes, _options.MaxMessageBytes);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("WorkflowSdk.RabbitMQ");
        _names = new HubNames(_options.HubName, _options.PartitionCount);
        _topology = new HubTopology(_options, _names, Endpoint);
        _connection = new RabbitMQConnection(
            _options, factory, _topology, Endpoint, _logger, this, () => _disposed != 0,
            lost: OnSessionLost, wake: WakeAfterSessionLost);
        _publisher = new Publisher(_names, Endpoint, _body, _options.TimeProvider, _logger, _connection.GetSessionAsync);
        _activities = new ActivityConsumer(_options, _names, _body, _publisher, _logger, _stopping, _maintenanceWake, SendAsync);
        _buffers = new InstanceBuffers(_options, _names, _body, _publisher, _logger, _stopping, _maintenanceWake, () => _disposed != 0);
        _partitions = new PartitionOwner(_options, _names, _logger, _buffers, _maintenanceWake);
    }

    /// <summary>The environment variable <see cref="FromEnvironment"/> reads the connection string from.</summary>
    public const string ConnectionStringVariable = "WORKFLOWSDK_RABBITMQ";

    /// <summary>The environment variable <see cref="FromEnvironment"/> reads the task hub name from (optional).</summary>
    public const string HubNameVariable = "WORKFLOWSDK_RABBITMQ_HUB";

    /// <summary>
    /// A transport configured from the environment, or <see langword="null"/> when <c>WORKFLOWSDK_RABBITMQ</c> is not set:
    /// how samples and tools switch from the embedded backend to RabbitMQ without code changes.
    /// </summary>
    /// <param name="defaultHubName">The hub name when <c>WORKFLOWSDK_RABBITMQ_HUB</c> is not set.</param>
    /// <param name="loggerFactory">Where logs go; <see langword="null"/> for nowhere.</param>
    /// <returns>The transport, or <see langword="null"/>.</returns>
    /// <example>
    /// <code>
    /// var backend = RabbitMQTransport.FromEnvironment("samples") is { } rabbit
    ///     ? new WorkflowBackend(new SqliteBackend("samples.db"), rabbit)
    ///     : SqliteBackend.Open("samples.db");
    /// </code>
    /// </example>
    public static RabbitMQTransport? FromEnvironment(string defaultHubName = "workflows", ILoggerFactory? loggerFactory = null)
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        var hub = Environment.GetEnvironmentVariable(HubNameVariable);
        return new RabbitMQTransport(
            new RabbitMQTransportOptions { ConnectionString = connectionString, HubName = string.IsNullOrWhiteSpace(hub) ? defaultHubName : hub },
            loggerFactory);
    }

    /// <summary>The task hub's name (the prefix of its queues and exchanges).</summary>
    public string HubName => _options.HubName;

    /// <summary>The broker endpoint, without the password.</summary>
    public string Endpoint => _endpoint.ToString();

    /// <summary>The orchestration partitions this transport consumes right now (for monitoring and tests).</summary>
    public IReadOnlyList<int> OwnedPartitions => _partitions.Owned;

    /// <summary>The name of the queue that receives dead-lettered messages.</summary>
    public string DeadLetterQueueName => _names.DeadLetterQueue;

    /// <summary>The name of the activity queue.</summary>
    public string ActivityQueueName => _names.ActivityQueue;

    /// <summary>The name of the queue of orchestration partition <paramref name="partition"/>.</summary>
    /// <param name="partition">The partition, from 0 to <see cref="RabbitMQTransportOptions.PartitionCount"/> − 1.</param>
    /// <returns>The queue name.</returns>
    public string PartitionQueueName(int partition) => _names.PartitionQueue(partition);

    /// <summary>The partition an instance's orchestration messages go to.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <returns>The partition.</returns>
    public int PartitionOf(string instanceId)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return _names.PartitionOf(instanceId);
    }

    /// <summary>Connects and declares the task hub's exchanges and queues if they do not exist (idempotent).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="TimeoutException">The broker was not reachable within <see cref="RabbitMQTransportOptions.ConnectTimeout"/>.</exception>
    /// <exception cref="InvalidOperationException">The hub exists with other settings (partition count, queue type).</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        _ = await _connection.GetSessionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Closes the connection. Work items still out are not acknowledged: the broker delivers their messages again
    /// (to another worker). A worker finishes its work in progress before it disposes its backend.
    /// </summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_maintenance is { } maintenance)
        {
            await maintenance.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var session = _connection.Detach();
        _partitions.LoseAll();
        _activities.Lose(session: null);
        _activities.Complete();
        _buffers.PulseAll();
        if (session is not null)
        {
            await session.CloseAsync().ConfigureAwait(false);
        }

        _connection.Dispose();
        _stopping.Dispose();
    }
}
