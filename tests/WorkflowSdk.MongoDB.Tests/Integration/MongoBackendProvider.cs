using MongoDB.Driver;
using WorkflowSdk.Backends;
using WorkflowSdk.Conformance;
using WorkflowSdk.Sqlite;

namespace WorkflowSdk.MongoDB.Tests.Integration;

/// <summary>
/// A fresh MongoDB database per test on the server named by <c>WORKFLOWSDK_MONGODB_URI</c>, paired with a SQLite file
/// as the transport (so every message goes through the MongoDB outbox and the relay, as with RabbitMQ). The database
/// is dropped when the test ends.
/// </summary>
/// <param name="transactionMode">How the store commits (Never exercises the transaction-free protocol everywhere).</param>
public sealed class MongoBackendProvider(MongoDBTransactionMode transactionMode = MongoDBTransactionMode.Never) : IBackendProvider
{
    /// <summary>The variable that names the server; the gated test classes require it.</summary>
    public const string UriVariable = "WORKFLOWSDK_MONGODB_URI";

    /// <summary>What the variable is for, in skip reasons.</summary>
    public const string Purpose = "a mongodb:// URI of a server the gated MongoDB tests may create and drop databases on";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "workflowsdk-tests", Guid.NewGuid().ToString("N"));
    private readonly Lazy<MongoClient> _client = new(() => new MongoClient(Uri));

    public static string Uri => Environment.GetEnvironmentVariable(UriVariable) is { Length: > 0 } uri
        ? uri
        : throw new InvalidOperationException($"{UriVariable} is not set; this test should have been skipped.");

    public string Name => $"mongodb({transactionMode})+sqlite";

    /// <summary>The test's database (unique per provider).</summary>
    public string DatabaseName { get; } = $"wfsdk_{Guid.NewGuid():N}";

    public string TransportPath => Path.Combine(_directory, "transport.db");

    public TimeSpan LeaseDuration => TransportOptions().LeaseDuration;

    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public static SqliteBackendOptions TransportOptions() => new()
    {
        LeaseDuration = TimeSpan.FromSeconds(2),
        PollInterval = TimeSpan.FromMilliseconds(20),
    };

    public MongoDBStoreOptions StoreOptions() => new()
    {
        TransactionMode = transactionMode,
        OutboxRecoveryInterval = TimeSpan.FromMilliseconds(200),
        OutboxRecoveryDelay = TimeSpan.FromMilliseconds(500),
        TimeProvider = Clock,
    };

    public MongoDBStore CreateStore(MongoDBStoreOptions? options = null) =>
        new(_client.Value.GetDatabase(DatabaseName), options ?? StoreOptions());

    public WorkflowBackend Create()
    {
        Directory.CreateDirectory(_directory);
        return new WorkflowBackend(CreateStore(), new SqliteBackend(TransportPath, TransportOptions()));
    }

    public void Configure(WorkflowWorkerOptions options)
    {
        options.ActivityLeaseRenewalInterval = TimeSpan.FromMilliseconds(500);
        options.RelayLease = TimeSpan.FromSeconds(3);
    }

    public async ValueTask CleanupAsync()
    {
        if (_client.IsValueCreated)
        {
            await _client.Value.DropDatabaseAsync(DatabaseName);
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Never created, or a file still open by a killed worker process; the temp directory is cleaned by the OS.
        }

        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
