using WorkflowSdk.Backends;
using WorkflowSdk.MongoDB;
using WorkflowSdk.RabbitMQ;
using WorkflowSdk.Sqlite;

namespace WorkflowSdk.Cli;

/// <summary>Where the instances are: options first, then the environment.</summary>
/// <param name="SqlitePath">A SQLite file (<c>--sqlite</c>, <c>WORKFLOWSDK_SQLITE</c>).</param>
/// <param name="MongoUri">A MongoDB URI (<c>--mongodb</c>, <c>WORKFLOWSDK_MONGODB_URI</c>).</param>
/// <param name="MongoHub">The MongoDB task hub (<c>--mongodb-hub</c>).</param>
/// <param name="RabbitUri">A RabbitMQ URI (<c>--rabbitmq</c>, <c>WORKFLOWSDK_RABBITMQ</c>).</param>
/// <param name="RabbitHub">The RabbitMQ hub (<c>--rabbitmq-hub</c>, <c>WORKFLOWSDK_RABBITMQ_HUB</c>).</param>
internal sealed record Connection(string? SqlitePath, string? MongoUri, string? MongoHub, string? RabbitUri, string? RabbitHub)
{
    public const string SqliteVariable = "WORKFLOWSDK_SQLITE";
    public const string MongoVariable = "WORKFLOWSDK_MONGODB_URI";

    /// <summary>What it connects to, without secrets.</summary>
    public string Describe()
    {
        var store = SqlitePath is not null ? $"SQLite {Path.GetFullPath(SqlitePath)}" : $"MongoDB {MongoDBConnectionString.Redact(MongoUri)}";
        return RabbitUri is null ? store : $"{store} + RabbitMQ {MongoDBConnectionString.Redact(RabbitUri)}";
    }

    /// <summary>Opens the backend.</summary>
    /// <exception cref="CliException">Nothing to connect to, or a wrong path or URI.</exception>
    public WorkflowBackend Open()
    {
        if (SqlitePath is null && MongoUri is null)
        {
            throw new CliException(
                $"No backend given. Use --sqlite <file> or --mongodb <uri> (or set {SqliteVariable} / {MongoVariable}); with RabbitMQ, add --rabbitmq <uri> to either.");
        }

        if (SqlitePath is not null && MongoUri is not null)
        {
            throw new CliException("Give one store: --sqlite or --mongodb, not both.");
        }

        IWorkflowStore store;
        SqliteBackend? sqlite = null;
        if (SqlitePath is not null)
        {
            if (!File.Exists(SqlitePath))
            {
                throw new CliException($"No WorkflowSdk database at '{Path.GetFullPath(SqlitePath)}': the file does not exist.");
            }

            sqlite = new SqliteBackend(SqlitePath);
            store = sqlite;
        }
        else
        {
            if (!MongoUri!.StartsWith("mongodb://", StringComparison.OrdinalIgnoreCase) && !MongoUri.StartsWith("mongodb+srv://", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException($"'{MongoDBConnectionString.Redact(MongoUri)}' is not a MongoDB URI (mongodb://host/database or mongodb+srv://...).");
            }

            store = new MongoDBStore(new MongoDBStoreOptions { ConnectionString = MongoUri, TaskHub = MongoHub ?? "workflowsdk" });
        }

        if (RabbitUri is not null)
        {
            if (!Uri.TryCreate(RabbitUri, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
            {
                throw new CliException($"'{MongoDBConnectionString.Redact(RabbitUri)}' is not a RabbitMQ URI (amqp://user:password@host:5672/).");
            }

            return new WorkflowBackend(store, new RabbitMqTransport(new RabbitMqTransportOptions { ConnectionString = RabbitUri, HubName = RabbitHub ?? "workflows" }));
        }

        return sqlite is not null ? new WorkflowBackend(sqlite, sqlite) : new WorkflowBackend(store, new StoreOnlyTransport());
    }

    /// <summary>For a MongoDB store without RabbitMQ: reading works, sending says what is missing.</summary>
    private sealed class StoreOnlyTransport : IWorkflowTransport
    {
        private const string Missing = "This command sends a message to the instance; MongoDB is a store only. Add --rabbitmq <uri> (the workers' transport).";

        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SendAsync(IReadOnlyList<WorkMessage> messages, CancellationToken cancellationToken) => throw new CliException(Missing);

        public Task<OrchestrationWorkItem?> ReceiveOrchestrationWorkItemAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
            throw new NotSupportedException(Missing);

        public Task<ActivityWorkItem?> ReceiveActivityWorkItemAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
            throw new NotSupportedException(Missing);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>A failure to report as one line on standard error, with exit code <see cref="ExitCode"/>.</summary>
internal sealed class CliException(string message, int exitCode = 2) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
