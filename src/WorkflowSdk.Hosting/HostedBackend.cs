using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkflowSdk.Backends;
using WorkflowSdk.MongoDB;
using WorkflowSdk.RabbitMQ;
using WorkflowSdk.Sqlite;

namespace WorkflowSdk.Hosting;

/// <summary>The backend the host runs on, created once from <see cref="WorkflowSdkHostOptions"/>, with a description for logs.</summary>
public sealed class HostedBackend : IAsyncDisposable
{
    /// <summary>Creates the backend the options describe (they were validated at start).</summary>
    /// <param name="options">The host options.</param>
    /// <param name="services">The root provider (for factories).</param>
    /// <param name="loggerFactory">Where the backend logs.</param>
    public HostedBackend(IOptions<WorkflowSdkHostOptions> options, IServiceProvider services, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var o = options.Value;
        (Backend, Description) = Create(o, services, loggerFactory);
        loggerFactory.CreateLogger("WorkflowSdk.Hosting").BackendOpened(Description);
    }

    /// <summary>The backend.</summary>
    public WorkflowBackend Backend { get; }

    /// <summary>What the backend is (no secrets).</summary>
    public string Description { get; }

    /// <summary>Closes the backend.</summary>
    /// <returns>A task.</returns>
    public ValueTask DisposeAsync() => Backend.DisposeAsync();

    private static (WorkflowBackend, string) Create(WorkflowSdkHostOptions o, IServiceProvider services, ILoggerFactory loggerFactory)
    {
        if (o.BackendFactory is { } factory)
        {
            var custom = factory(services);
            return (custom, $"{custom.Store.GetType().Name} + {custom.Transport.GetType().Name}");
        }

        var transport = o.TransportFactory?.Invoke(services);
        var transportName = o.TransportDescription ?? transport?.GetType().Name;
        if (transport is null && o.RabbitMQ is { } rabbitOptions)
        {
            var rabbit = CreateOrExplain(() => new RabbitMqTransport(rabbitOptions, loggerFactory), $"{o.SectionPath}:RabbitMQ");
            transport = rabbit;
            transportName = $"RabbitMQ {rabbit.Endpoint} (hub {rabbit.HubName})";
        }

        if (o.MongoDB is { } mongo)
        {
            var store = CreateOrExplain(() => new MongoDBStore(mongo, loggerFactory), $"{o.SectionPath}:MongoDB");
            var mongoText = $"MongoDB {MongoDBConnectionString.Redact(mongo.ConnectionString)} (task hub {mongo.TaskHub})";
            if (transport is not null)
            {
                return (new WorkflowBackend(store, transport), $"{mongoText} + {transportName}");
            }

            if (o.SqlitePath is not null)
            {
                var queues = CreateSqlite(o, loggerFactory);
                return (new WorkflowBackend(store, queues), $"{mongoText} + SQLite queues {queues.Path}");
            }
        }

        var sqlite = CreateSqlite(o, loggerFactory);
        return transport is null
            ? (new WorkflowBackend(sqlite, sqlite), $"SQLite {sqlite.Path}")
            : (new WorkflowBackend(sqlite, transport), $"SQLite {sqlite.Path} + {transportName}");
    }

    private static SqliteBackend CreateSqlite(WorkflowSdkHostOptions o, ILoggerFactory loggerFactory)
    {
        o.Sqlite.LoggerFactory = loggerFactory;
        return CreateOrExplain(() => new SqliteBackend(o.SqlitePath!, o.Sqlite), $"{o.SectionPath}:Sqlite");
    }

    private static T CreateOrExplain<T>(Func<T> create, string section)
    {
        try
        {
            return create();
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"The WorkflowSdk backend could not be created from '{section}': {ex.Message}", ex);
        }
    }
}
