using System.Text.RegularExpressions;
using MongoDB.Bson;
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
public sealed class MongoBackendProvider(MongoDBTransactionMode transactionMode = MongoDBTransactionMode.Never) : IWorkerProcessProvider, IDamagedDataProvider
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

    public WorkflowBackend Create(TimeSpan leaseDuration, TimeSpan pollInterval)
    {
        Directory.CreateDirectory(_directory);
        return new WorkflowBackend(
            CreateStore(),
            new SqliteBackend(TransportPath, new SqliteBackendOptions { LeaseDuration = leaseDuration, PollInterval = pollInterval }));
    }

    /// <summary>
    /// The test worker's arguments: the database and the transport file (the server's URI reaches it through the
    /// inherited <see cref="UriVariable"/>, never the command line). Its store never uses transactions.
    /// </summary>
    public IReadOnlyList<string> WorkerArguments(TimeSpan leaseDuration) =>
        ["mongodb", DatabaseName, TransportPath, ((int)leaseDuration.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture)];

    public async Task DamageHistoryAsync(WorkflowTestHost host, string instanceId)
    {
        var damaged = await Collection(host, "history").UpdateManyAsync(
            Builders<BsonDocument>.Filter.Eq("instanceId", instanceId),
            Builders<BsonDocument>.Update.Set("events.0.type", "NoSuchEvent"));
        Assert.True(damaged.ModifiedCount > 0);
    }

    public string DamagedHistoryReason(string instanceId) =>
        $@"^The stored history of instance '{Regex.Escape(instanceId)}' could not be read: the history chunk \S+ \(revision 2, part 1 of 1\) is damaged \(Unknown history event type 'NoSuchEvent'\.\)";

    /// <summary>An outbox entry (of another instance) whose message for <paramref name="instanceId"/> lacks its timestamp.</summary>
    public Task InjectUndecodableMessageAsync(WorkflowTestHost host, string instanceId)
    {
        var entry = BsonDocument.Parse(
            $$"""
            { "_id" : "bad:0", "instanceId" : "elsewhere", "revision" : NumberLong(1), "commitId" : "bad", "state" : "ready",
              "writtenAt" : ISODate("2000-01-01T00:00:00Z"), "visibleAt" : ISODate("2000-01-01T00:00:00Z"),
              "message" : { "messageId" : "m", "instanceId" : "{{instanceId}}", "event" : { "type" : "EventRaised" } } }
            """);
        return Collection(host, "outbox").InsertOneAsync(entry);
    }

    public async Task AssertUndecodableMessageDeadLetteredAsync(WorkflowTestHost host, string instanceId, OrchestrationStatus status)
    {
        Assert.StartsWith("Outbox entry 'bad:0' could not be decoded (Required field 'ts' (a date) is missing.)", status.FailureDetails!.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Collection(host, "deadLetters").CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("instanceId", instanceId)));
    }

    public void Configure(WorkflowWorkerOptions options)
    {
        options.ActivityLeaseRenewalInterval = TimeSpan.FromMilliseconds(500);
        options.OutboxClaimDuration = TimeSpan.FromSeconds(3);
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

    private static IMongoCollection<BsonDocument> Collection(WorkflowTestHost host, string name)
    {
        var store = (MongoDBStore)host.Backend.Store;
        return store.Database.GetCollection<BsonDocument>($"{store.HubName}.{name}");
    }
}
