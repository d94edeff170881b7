using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using MongoDB.Driver;
using WorkflowSdk.Backends;
using WorkflowSdk.MongoDB.Internal.Protocol;

namespace WorkflowSdk.MongoDB;

/// <summary>
/// An <see cref="IWorkflowStore"/> on MongoDB: instances, chunked history and the outbox (with durable timers) in
/// four collections per task hub. Episode commits are atomic without multi-document transactions (a standalone
/// <c>mongod</c> has none), and use a transaction as a fast path on replica sets. Pair it with any transport.
/// </summary>
/// <remarks>
/// <para><b>Commit protocol.</b> An episode's history chunks and outbox entries are written first, keyed by a
/// fresh commit id and the revision the commit advances to; then the instance document is advanced by a
/// compare-and-set on its revision, which is the commit point. Readers follow the chain of committed chunks from
/// the instance document and ignore everything else; the relay publishes only entries of committed commits. The
/// full protocol, its crash points and the reader rules are described on <c>CommitProtocol</c> and in
/// <c>docs/mongodb.md</c>.</para>
/// <para><b>Documents.</b> Everything is stored as readable BSON (events as typed documents, failures as nested
/// documents, times as dates); payloads stay the bytes of the payload serializer. Nothing is registered in the
/// driver's global serializer registry: the store maps its documents with serializers it constructs.</para>
/// <para><b>Limits.</b> One MongoDB document holds at most 16 MiB: an episode's events are split across chunk
/// documents (<see cref="MongoDBStoreOptions.MaxChunkBytes"/>); a single event, message or instance document over
/// the limit is rejected with a <see cref="DocumentTooLargeException"/> naming it.</para>
/// </remarks>
/// <example>
/// <code>
/// var store = new MongoDBStore(new MongoDBStoreOptions { ConnectionString = "mongodb://localhost:27017/workflows" });
/// await using var backend = new WorkflowBackend(store, transport); // e.g. RabbitMQ, or a SQLite file's queues
/// var client = new WorkflowClient(backend);
/// </code>
/// </example>
public sealed partial class MongoDBStore : IWorkflowStore
{
    private readonly MongoDBStoreOptions _options;
    private readonly IMongoClient _client;
    private readonly bool _ownsClient;
    private readonly ILogger _logger;
    private readonly string _server;
    private readonly IMongoCollection<BsonDocument> _instances;
    private readonly IMongoCollection<BsonDocument> _history;
    private readonly IMongoCollection<BsonDocument> _outbox;
    private readonly IMongoCollection<BsonDocument> _deadLetters;
    private Task<Deployment>? _deployment;
    private long _lastRecoveryTicks;
    private int _disposed;

    /// <summary>Connects to the server named by <see cref="MongoDBStoreOptions.ConnectionString"/>; the store owns the connection.</summary>
    /// <param name="options">Settings, with <see cref="MongoDBStoreOptions.ConnectionString"/>.</param>
    /// <param name="loggerFactory">Where the store logs; <see langword="null"/> for nowhere.</param>
    /// <exception cref="ArgumentException">The connection string is missing or invalid, or an option is out of range (the message names it; it never shows the password).</exception>
    public MongoDBStore(MongoDBStoreOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("MongoDBStoreOptions.ConnectionString must be a mongodb:// or mongodb+srv:// URI.", nameof(options));
        }

        MongoUrl url;
        try
        {
            url = MongoUrl.Create(options.ConnectionString);
        }
        catch (Exception ex) when (ex is MongoConfigurationException or ArgumentException or FormatException)
        {
            // The driver's message quotes the whole URI, password included: never pass it on.
            throw new ArgumentException(
                $"MongoDBStoreOptions.ConnectionString is not a valid MongoDB URI: {MongoDBConnectionString.Redact(options.ConnectionString)}.", nameof(options));
        }

        var settings = MongoClientSettings.FromUrl(url);
        settings.ApplicationName ??= "WorkflowSdk";
        _client = new MongoClient(settings);
        _ownsClient = true;
        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("WorkflowSdk.MongoDB");
        _server = MongoDBConnectionString.Redact(options.ConnectionString);
        var database = _client.GetDatabase(options.DatabaseName ?? url.DatabaseName ?? "workflowsdk");
        database = Configure(database, options.WriteConcern ?? (url.W is not null || url.Journal is not null ? settings.WriteConcern : WriteConcern.WMajority),
            options.ReadConcern ?? (url.ReadConcernLevel is not null ? settings.ReadConcern : ReadConcern.Majority));
        (Database, _instances, _history, _outbox, _deadLetters) = Collections(database, options.HubName);
    }

    /// <summary>Uses a database of a client the caller owns (and disposes); useful to share one client between stores.</summary>
    /// <param name="database">The database.</param>
    /// <param name="options">Settings (<see cref="MongoDBStoreOptions.ConnectionString"/> is ignored); <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">Where the store logs; <see langword="null"/> for nowhere.</param>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public MongoDBStore(IMongoDatabase database, MongoDBStoreOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _options = options ?? new MongoDBStoreOptions();
        _options.Validate();
        _client = database.Client;
        _ownsClient = false;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("WorkflowSdk.MongoDB");
        _server = string.Join(",", _client.Settings.Servers);
        database = Configure(database, _options.WriteConcern ?? WriteConcern.WMajority, _options.ReadConcern ?? ReadConcern.Majority);
        (Database, _instances, _history, _outbox, _deadLetters) = Collections(database, _options.HubName);
    }

    /// <summary>The database the store's collections are in (with the store's read and write concerns).</summary>
    public IMongoDatabase Database { get; }

    /// <summary>The task hub: the prefix of the store's collection names.</summary>
    public string HubName => _options.HubName;

    private DateTime Now => _options.TimeProvider.GetUtcNow().UtcDateTime;

    /// <summary>Creates the collections' indexes if they do not exist (idempotent) and detects whether transactions are available.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="InvalidOperationException"><see cref="MongoDBTransactionMode.Always"/> was asked for on a deployment without transactions.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await CreateIndexesAsync(_instances, MongoCommands.InstanceIndexes, cancellationToken).ConfigureAwait(false);
        await CreateIndexesAsync(_history, MongoCommands.HistoryIndexes, cancellationToken).ConfigureAwait(false);
        await CreateIndexesAsync(_outbox, MongoCommands.OutboxIndexes, cancellationToken).ConfigureAwait(false);
        await CreateIndexesAsync(_deadLetters, MongoCommands.DeadLetterIndexes, cancellationToken).ConfigureAwait(false);
        var deployment = await GetDeploymentAsync(cancellationToken).ConfigureAwait(false);
        var transactions = UsesTransactions(deployment);
        _logger.StoreReady(_server, Database.DatabaseNamespace.DatabaseName, HubName, deployment.Kind,
            transactions ? "in transactions" : "with the transaction-free protocol");
    }

    /// <summary>Closes the connection if the store opened it.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsClient)
        {
            _client.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static IMongoDatabase Configure(IMongoDatabase database, WriteConcern writeConcern, ReadConcern readConcern) =>
        database.WithWriteConcern(writeConcern).WithReadConcern(readConcern).WithReadPreference(ReadPreference.Primary);

    private static (IMongoDatabase, IMongoCollection<BsonDocument>, IMongoCollection<BsonDocument>, IMongoCollection<BsonDocument>, IMongoCollection<BsonDocument>)
        Collections(IMongoDatabase database, string hub) =>
        (database,
         database.GetCollection<BsonDocument>($"{hub}.instances"),
         database.GetCollection<BsonDocument>($"{hub}.history"),
         database.GetCollection<BsonDocument>($"{hub}.outbox"),
         database.GetCollection<BsonDocument>($"{hub}.deadLetters"));

    private static async Task CreateIndexesAsync(
        IMongoCollection<BsonDocument> collection, IReadOnlyList<CreateIndexModel<BsonDocument>> indexes, CancellationToken cancellationToken)
    {
        try
        {
            await collection.Indexes.CreateManyAsync(indexes, cancellationToken).ConfigureAwait(false);
        }
        catch (MongoCommandException ex) when (ex.Code is 85 or 86)
        {
            // IndexOptionsConflict / IndexKeySpecsConflict: an index of ours exists with another definition.
            throw new InvalidOperationException(
                $"The indexes of '{collection.CollectionNamespace.FullName}' exist with other definitions than this version of WorkflowSdk.MongoDB " +
                $"creates ({ex.CodeName}: {ex.ErrorMessage}). Drop the listed index, or use another HubName.", ex);
        }
    }

    private bool UsesTransactions(Deployment deployment) => _options.TransactionMode switch
    {
        MongoDBTransactionMode.Never => false,
        MongoDBTransactionMode.Always when !deployment.SupportsTransactions => throw new InvalidOperationException(
            $"MongoDBStoreOptions.TransactionMode is Always but the deployment ({deployment.Kind}) does not support transactions; " +
            "use a replica set (MongoDB 4.0+) or a sharded cluster (4.2+), or TransactionMode Auto or Never."),
        _ => deployment.SupportsTransactions,
    };

    private async Task<bool> UseTransactionsAsync(CancellationToken cancellationToken) =>
        _options.TransactionMode != MongoDBTransactionMode.Never && UsesTransactions(await GetDeploymentAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Asks the server once (again after a failure) what kind of deployment it is.</summary>
    private Task<Deployment> GetDeploymentAsync(CancellationToken cancellationToken)
    {
        var known = Volatile.Read(ref _deployment);
        if (known is { IsFaulted: false, IsCanceled: false })
        {
            return known.WaitAsync(cancellationToken);
        }

        var probe = ProbeAsync();
        var winner = Interlocked.CompareExchange(ref _deployment, probe, known);
        return (ReferenceEquals(winner, known) ? probe : winner!).WaitAsync(cancellationToken);

        async Task<Deployment> ProbeAsync()
        {
            BsonDocument hello;
            try
            {
                hello = await Database.RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1), cancellationToken: CancellationToken.None)
                    .ConfigureAwait(false);
            }
            catch (MongoCommandException ex) when (ex.Code == 59)
            {
                // CommandNotFound: a server older than 4.4.2 answers the same question as isMaster.
                hello = await Database.RunCommandAsync<BsonDocument>(new BsonDocument("isMaster", 1), cancellationToken: CancellationToken.None)
                    .ConfigureAwait(false);
            }

            return Deployment.FromHello(hello);
        }
    }

    private static bool IsDuplicateKey(MongoWriteException ex) => ex.WriteError?.Category == ServerErrorCategory.DuplicateKey;
}
