using WorkflowSdk.Backends;
using WorkflowSdk.Conformance;
using WorkflowSdk.Sqlite;

namespace WorkflowSdk.RabbitMQ.Tests;

/// <summary>
/// A fresh SQLite store file and a fresh task hub (its own queues) on the local broker per test: the way RabbitMQ is
/// used, store and transport separate, messages relayed from the store's outbox. Cleanup deletes both.
/// </summary>
public sealed class RabbitMQBackendProvider : IBackendProvider
{
    /// <summary>The local broker the tests use; never anything outside 127.0.0.1.</summary>
    public const string LocalBroker = "amqp://guest:guest@127.0.0.1:5672/";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "workflowsdk-rabbitmq-tests", Guid.NewGuid().ToString("N"));

    public RabbitMQBackendProvider(Action<RabbitMQTransportOptions>? configure = null)
    {
        HubName = $"test-{Guid.NewGuid():N}"[..17];
        Configure = configure;
    }

    public string Name => "rabbitmq+sqlite";

    public string HubName { get; }

    public TimeSpan LeaseDuration => TimeSpan.FromSeconds(2);

    public string DatabasePath => Path.Combine(_directory, "workflows.db");

    public TimeProvider Clock { get; set; } = TimeProvider.System;

    private Action<RabbitMQTransportOptions>? Configure { get; }

    public RabbitMQTransportOptions TransportOptions()
    {
        var options = new RabbitMQTransportOptions
        {
            ConnectionString = LocalBroker,
            HubName = HubName,
            PartitionCount = 4,
            RebalanceInterval = TimeSpan.FromMilliseconds(200),
            ReleaseTimeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(20),
            ReceiverIdleTimeout = TimeSpan.FromSeconds(1),
        };
        Configure?.Invoke(options);
        return options;
    }

    /// <summary>The arguments of tests/WorkflowSdk.TestWorker for a worker process on this provider's file and task hub.</summary>
    public IReadOnlyList<string> WorkerArguments(int partitions) =>
        ["rabbitmq", DatabasePath, LocalBroker, HubName, partitions.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    public WorkflowBackend Create()
    {
        Directory.CreateDirectory(_directory);
        return new WorkflowBackend(
            new SqliteBackend(DatabasePath, new SqliteBackendOptions { PollInterval = TimeSpan.FromMilliseconds(20), TimeProvider = Clock }),
            new RabbitMQTransport(TransportOptions()));
    }

    void IBackendProvider.Configure(WorkflowWorkerOptions options)
    {
        options.ActivityLeaseRenewalInterval = TimeSpan.FromMilliseconds(500);
        options.OutboxClaimDuration = TimeSpan.FromSeconds(3);
        options.RelayPollInterval = TimeSpan.FromMilliseconds(50);
    }

    public async ValueTask CleanupAsync()
    {
        await using (var transport = new RabbitMQTransport(TransportOptions()))
        {
            await transport.DeleteHubAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a killed worker process; the temp directory is cleaned by the OS.
        }
    }
}
