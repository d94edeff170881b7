using WorkflowSdk.Backends;
using WorkflowSdk.MongoDB;
using WorkflowSdk.RabbitMQ;
using WorkflowSdk.Sqlite;

namespace WorkflowSdk.Hosting;

/// <summary>
/// Which backend a host runs on. Filled from the configuration section (<c>WorkflowSdk</c> by default) and by the
/// <c>Use…</c> methods of <see cref="WorkflowSdkBuilder"/>; code runs after configuration, so code wins.
/// </summary>
/// <remarks>
/// <code language="json">
/// "WorkflowSdk": {
///   "Sqlite":  { "Path": "workflows.db", "LeaseDuration": "00:00:30" },
///   "MongoDB": { "ConnectionString": "mongodb://db1/workflows", "TaskHub": "orders" },
///   "RabbitMQ": { "ConnectionString": "amqp://user:secret@mq1/", "HubName": "orders" },
///   "Worker":  { "MaxConcurrentActivities": 32 },
///   "Client":  { "MaxPollInterval": "00:00:00.100" }
/// }
/// </code>
/// A SQLite path alone is a complete backend (store and queues in one file). MongoDB is a store only: it needs a
/// transport (RabbitMQ). With both a SQLite path and a transport, the file is the store and the transport carries the
/// messages.
/// </remarks>
public sealed class WorkflowSdkHostOptions
{
    /// <summary>The default configuration section.</summary>
    public const string DefaultSectionName = "WorkflowSdk";

    /// <summary>The configuration section the options were read from (for error messages).</summary>
    public string SectionPath { get; set; } = DefaultSectionName;

    /// <summary>The SQLite file (<c>Sqlite:Path</c>); <see langword="null"/> when SQLite is not used.</summary>
    public string? SqlitePath { get; set; }

    /// <summary>Settings of the SQLite backend (the rest of the <c>Sqlite</c> section).</summary>
    public SqliteBackendOptions Sqlite { get; } = new();

    /// <summary>The MongoDB store's settings (<c>MongoDB</c> section); <see langword="null"/> when MongoDB is not used.</summary>
    public MongoDBStoreOptions? MongoDB { get; set; }

    /// <summary>The RabbitMQ transport's settings (<c>RabbitMQ</c> section); <see langword="null"/> when RabbitMQ is not used.</summary>
    public RabbitMqTransportOptions? RabbitMQ { get; set; }

    /// <summary>
    /// Creates the transport when the store is not also the transport (RabbitMQ); <see langword="null"/> when the SQLite
    /// file's queues are the transport.
    /// </summary>
    public Func<IServiceProvider, IWorkflowTransport>? TransportFactory { get; set; }

    /// <summary>A description of the transport <see cref="TransportFactory"/> creates, for logs and errors (passwords masked).</summary>
    public string? TransportDescription { get; set; }

    /// <summary>Creates the whole backend; when set, every other backend setting is ignored.</summary>
    public Func<IServiceProvider, WorkflowBackend>? BackendFactory { get; set; }

    /// <summary>
    /// How long the worker waits, once the host's shutdown timeout has passed and running activities were told to stop,
    /// for them to hand their calls back before the host moves on. Default 5 s.
    /// </summary>
    public TimeSpan ReleaseTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
