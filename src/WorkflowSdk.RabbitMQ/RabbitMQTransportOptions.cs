namespace WorkflowSdk.RabbitMQ;

/// <summary>Settings of a <see cref="RabbitMQTransport"/>.</summary>
/// <remarks>
/// Every worker and client of one task hub must agree on <see cref="HubName"/>, <see cref="PartitionCount"/> and
/// <see cref="UseQuorumQueues"/>: they define the queues. A process whose settings differ from the hub's existing
/// queues fails at <see cref="RabbitMQTransport.InitializeAsync"/> with an error that names the setting.
/// </remarks>
public sealed class RabbitMQTransportOptions
{
    /// <summary>
    /// Where the broker is: an AMQP URI (<c>amqp://user:password@host:5672/vhost</c>, or <c>amqps://</c> for TLS) or a
    /// connection string of <c>key=value</c> pairs separated by <c>;</c> (<c>Host</c>, <c>Port</c>, <c>VirtualHost</c>,
    /// <c>UserName</c>, <c>Password</c>, <c>Tls</c>, <c>TlsServerName</c>). Default <c>amqp://guest:guest@127.0.0.1:5672/</c>.
    /// The password is never logged.
    /// </summary>
    public string ConnectionString { get; set; } = "amqp://guest:guest@127.0.0.1:5672/";

    /// <summary>
    /// The task hub: the prefix of every queue and exchange this transport declares. Workers and clients with the same
    /// hub name on the same virtual host share work. Letters, digits, <c>-</c>, <c>_</c> and <c>.</c>. Default <c>workflows</c>.
    /// </summary>
    public string HubName { get; set; } = "workflows";

    /// <summary>
    /// How many orchestration queues the hub has. An instance's messages always go to the same partition (by a hash of
    /// its id), and each partition is consumed by one worker process at a time; partitions are spread over the live
    /// workers. More partitions than worker processes lets the load spread; the count cannot change once the hub
    /// exists. Default 16.
    /// </summary>
    public int PartitionCount { get; set; } = 16;

    /// <summary>
    /// Whether the work queues are quorum queues (replicated, with broker-side delivery counts that survive worker
    /// crashes) instead of classic durable queues. Default <see langword="false"/>.
    /// </summary>
    public bool UseQuorumQueues { get; set; }

    /// <summary>How many unacknowledged messages one worker takes from each orchestration partition it owns. Default 200.</summary>
    public ushort OrchestrationPrefetch { get; set; } = 200;

    /// <summary>How many activity calls one worker takes ahead of running them. Default 32.</summary>
    public ushort ActivityPrefetch { get; set; } = 32;

    /// <summary>The most messages of one instance handed out in one work item. Default 1,000.</summary>
    public int MaxMessagesPerWorkItem { get; set; } = 1000;

    /// <summary>Encoded messages larger than this are LZ4-compressed before they are published. Default 16 KiB.</summary>
    public int CompressionThresholdBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// The largest message body (after compression) that is published or accepted. A larger message is refused at the
    /// sender with a <see cref="PayloadSerializationException"/>, and one that arrives anyway is dead-lettered.
    /// Default 16 MiB (the broker's own limit is 128 MiB).
    /// </summary>
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How often a worker checks the number of live workers and claims or releases partitions. Default 1 s.</summary>
    public TimeSpan RebalanceInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When a worker gives a partition to another worker, how long it waits for its work in progress on that partition
    /// to finish before it lets go anyway (the messages are then delivered again). Default 30 s.
    /// </summary>
    public TimeSpan ReleaseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A transport that has not been asked for orchestration work for this long, and has no work item out (its worker
    /// stopped, while the transport stays open for a client), gives its partitions to other workers. Default 5 s.
    /// </summary>
    public TimeSpan ReceiverIdleTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first pause before reconnecting after the connection failed; it doubles up to <see cref="MaxReconnectDelay"/>. Default 100 ms.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest pause between two reconnection attempts. Default 5 s.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a send (or initialization) waits for the broker to become reachable before it fails. Default 30 s.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The AMQP heartbeat: how fast a dead TCP connection is noticed. Default 10 s.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The connection name shown in the broker's management tools; <see langword="null"/> for one built from the machine and process.</summary>
    public string? ClientName { get; set; }

    /// <summary>The clock (replaceable in tests). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        Check(!string.IsNullOrWhiteSpace(ConnectionString), nameof(ConnectionString), "must be set");
        Check(!string.IsNullOrEmpty(HubName) && HubName.Length <= 100 && HubName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'),
            nameof(HubName), "must be 1 to 100 letters, digits, '-', '_' or '.'");
        Check(PartitionCount is > 0 and <= 1024, nameof(PartitionCount), "must be between 1 and 1,024");
        Check(OrchestrationPrefetch > 0, nameof(OrchestrationPrefetch), "must be positive");
        Check(ActivityPrefetch > 0, nameof(ActivityPrefetch), "must be positive");
        Check(MaxMessagesPerWorkItem > 0, nameof(MaxMessagesPerWorkItem), "must be positive");
        Check(CompressionThresholdBytes >= 0, nameof(CompressionThresholdBytes), "must not be negative");
        Check(MaxMessageBytes > 0, nameof(MaxMessageBytes), "must be positive");
        Check(RebalanceInterval > TimeSpan.Zero, nameof(RebalanceInterval), "must be positive");
        Check(ReleaseTimeout >= TimeSpan.Zero, nameof(ReleaseTimeout), "must not be negative");
        Check(ReceiverIdleTimeout > TimeSpan.Zero, nameof(ReceiverIdleTimeout), "must be positive");
        Check(ReconnectDelay > TimeSpan.Zero, nameof(ReconnectDelay), "must be positive");
        Check(MaxReconnectDelay >= ReconnectDelay, nameof(MaxReconnectDelay), "must not be below ReconnectDelay");
        Check(ConnectTimeout > TimeSpan.Zero, nameof(ConnectTimeout), "must be positive");
        Check(Heartbeat >= TimeSpan.Zero, nameof(Heartbeat), "must not be negative");
    }

    private static void Check(bool condition, string setting, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"RabbitMQTransportOptions.{setting} {rule}.", setting);
        }
    }
}
