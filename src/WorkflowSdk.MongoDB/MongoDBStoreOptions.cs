using MongoDB.Driver;

namespace WorkflowSdk.MongoDB;

/// <summary>When <see cref="MongoDBStore"/> commits episodes in a multi-document transaction.</summary>
public enum MongoDBTransactionMode
{
    /// <summary>
    /// Use transactions when the deployment supports them (a replica set, or a sharded cluster), detected with the
    /// <c>hello</c> command; otherwise use the transaction-free commit protocol. The default.
    /// </summary>
    Auto = 0,

    /// <summary>Always use the transaction-free commit protocol, even on a replica set.</summary>
    Never = 1,

    /// <summary>Always use transactions; initialization fails on a standalone <c>mongod</c>.</summary>
    Always = 2,
}

/// <summary>Settings of a <see cref="MongoDBStore"/>.</summary>
public sealed class MongoDBStoreOptions
{
    /// <summary>The smallest <see cref="MaxChunkBytes"/>.</summary>
    public const int MinChunkBytes = 64 * 1024;

    /// <summary>The largest <see cref="MaxChunkBytes"/>: below MongoDB's 16 MiB document limit, with room for the chunk's header.</summary>
    public const int MaxChunkBytesLimit = 15 * 1024 * 1024;

    /// <summary>
    /// The server to connect to: a <c>mongodb://</c> or <c>mongodb+srv://</c> URI
    /// (<c>mongodb://user:password@host1,host2/workflows?replicaSet=rs0</c>). Used by
    /// <see cref="MongoDBStore(MongoDBStoreOptions, Microsoft.Extensions.Logging.ILoggerFactory?)"/>; ignored when the store is given an
    /// <see cref="IMongoDatabase"/>. The password is never logged: logs show the URI with it masked.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The database; <see langword="null"/> takes the URI's path (<c>/workflows</c>), else <c>workflowsdk</c>.</summary>
    public string? DatabaseName { get; set; }

    /// <summary>
    /// The task hub: the prefix of the store's collections (<c>&lt;hub&gt;.instances</c>, <c>&lt;hub&gt;.history</c>,
    /// <c>&lt;hub&gt;.outbox</c>, <c>&lt;hub&gt;.deadLetters</c>). Several hubs can share a database. Default
    /// <c>workflows</c> (the same name and default as the RabbitMQ transport's hub).
    /// </summary>
    public string HubName { get; set; } = "workflows";

    /// <summary>
    /// The write concern of every write. <see langword="null"/> (the default) takes the URI's <c>w</c>/<c>journal</c>
    /// when it sets them, else <see cref="WriteConcern.WMajority"/>: a commit acknowledged by a majority cannot be
    /// rolled back by a failover. Unacknowledged (<c>w: 0</c>) is rejected: the commit protocol needs to know whether
    /// its compare-and-set matched.
    /// </summary>
    public WriteConcern? WriteConcern { get; set; }

    /// <summary>
    /// The read concern of every read. <see langword="null"/> (the default) takes the URI's <c>readConcernLevel</c>
    /// when it sets one, else <see cref="ReadConcern.Majority"/>, so a reader never sees a commit that a failover may
    /// still undo. Reads always go to the primary.
    /// </summary>
    public ReadConcern? ReadConcern { get; set; }

    /// <summary>Whether episodes are committed in transactions. Default <see cref="MongoDBTransactionMode.Auto"/>.</summary>
    public MongoDBTransactionMode TransactionMode { get; set; } = MongoDBTransactionMode.Auto;

    /// <summary>
    /// The target size of one history chunk document in bytes of BSON: an episode's events are split into chunks of
    /// at most this size (a single larger event gets a chunk of its own, up to the 16 MiB limit). Between
    /// <see cref="MinChunkBytes"/> and <see cref="MaxChunkBytesLimit"/>; default 4 MiB.
    /// </summary>
    public int MaxChunkBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// How often outbox recovery runs (settling entries left pending by a writer that crashed or lost a race), at
    /// most: it runs inside <see cref="MongoDBStore.ClaimDueOutboxAsync"/>, which workers' relays call. Default 5 s.
    /// </summary>
    public TimeSpan OutboxRecoveryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How old a pending outbox entry must be before recovery looks at it (younger ones are left to their writer). Default 5 s.</summary>
    public TimeSpan OutboxRecoveryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long pending outbox entries of an instance that does not exist are kept before recovery deletes them
    /// (a writer creating the instance gives up after half of this). Default 10 minutes.
    /// </summary>
    public TimeSpan OrphanedOutboxTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The clock (replaceable in tests). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        Check(!string.IsNullOrWhiteSpace(HubName) && HubName.Length <= 64 && !HubName.Contains('$', StringComparison.Ordinal) &&
              !HubName.Contains('\0', StringComparison.Ordinal) && !HubName.StartsWith("system.", StringComparison.Ordinal),
            nameof(HubName), "must be 1 to 64 characters without '$' or NUL and must not start with 'system.'");
        Check(DatabaseName is null || (DatabaseName.Length is > 0 and < 64 && DatabaseName.IndexOfAny(['/', '\\', '.', ' ', '"', '$', '\0']) < 0),
            nameof(DatabaseName), "must be 1 to 63 characters without /\\. \"$ or NUL");
        Check(WriteConcern is null || WriteConcern.IsAcknowledged, nameof(WriteConcern), "must be acknowledged (w: 0 cannot tell whether a commit won its race)");
        Check(MaxChunkBytes is >= MinChunkBytes and <= MaxChunkBytesLimit, nameof(MaxChunkBytes), $"must be between {MinChunkBytes} and {MaxChunkBytesLimit}");
        Check(OutboxRecoveryInterval > TimeSpan.Zero, nameof(OutboxRecoveryInterval), "must be positive");
        Check(OutboxRecoveryDelay >= TimeSpan.Zero, nameof(OutboxRecoveryDelay), "must not be negative");
        Check(OrphanedOutboxTimeout > TimeSpan.Zero, nameof(OrphanedOutboxTimeout), "must be positive");
        Check(Enum.IsDefined(TransactionMode), nameof(TransactionMode), "must be Auto, Never or Always");
    }

    private static void Check(bool condition, string setting, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"MongoDBStoreOptions.{setting} {rule}.", setting);
        }
    }
}
