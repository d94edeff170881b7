using Microsoft.Extensions.DependencyInjection;
using WorkflowSdk.Backends;
using WorkflowSdk.MongoDB;
using WorkflowSdk.RabbitMQ;
using WorkflowSdk.Sqlite;

namespace WorkflowSdk.Hosting;

/// <summary>Configures WorkflowSdk in a service collection: the backend, the worker and the client.</summary>
/// <example>
/// <code>
/// builder.Services.AddWorkflowSdk(wf => wf
///     .UseSqlite("workflows.db")
///     .AddWorker((registry, services) => registry.AddGeneratedWorkflows(services)));
/// </code>
/// </example>
public sealed class WorkflowSdkBuilder
{
    internal WorkflowSdkBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Runs on the embedded SQLite backend: store and durable queues in one file (created if missing).</summary>
    /// <param name="path">The database file; relative paths are relative to the working directory.</param>
    /// <param name="configure">Adjusts the backend's settings.</param>
    /// <returns>This builder.</returns>
    public WorkflowSdkBuilder UseSqlite(string path, Action<SqliteBackendOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Services.Configure<WorkflowSdkHostOptions>(o =>
        {
            o.SqlitePath = path;
            configure?.Invoke(o.Sqlite);
        });
        return this;
    }

    /// <summary>Keeps instances and history in MongoDB. MongoDB is a store only: add a transport (RabbitMQ) too.</summary>
    /// <param name="connectionString">A <c>mongodb://</c> or <c>mongodb+srv://</c> URI.</param>
    /// <param name="configure">Adjusts the store's settings (task hub, database, write concern...).</param>
    /// <returns>This builder.</returns>
    public WorkflowSdkBuilder UseMongoDB(string connectionString, Action<MongoDBStoreOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Services.Configure<WorkflowSdkHostOptions>(o =>
        {
            o.MongoDB ??= new MongoDBStoreOptions();
            o.MongoDB.ConnectionString = connectionString;
            configure?.Invoke(o.MongoDB);
        });
        return this;
    }

    /// <summary>
    /// Carries messages through RabbitMQ; the store is SQLite (<see cref="UseSqlite"/>) or MongoDB (<see cref="UseMongoDB"/>).
    /// </summary>
    /// <param name="connectionString">An <c>amqp://</c> or <c>amqps://</c> URI.</param>
    /// <param name="configure">Adjusts the transport's settings (hub name, partitions, quorum queues...).</param>
    /// <returns>This builder.</returns>
    public WorkflowSdkBuilder UseRabbitMQ(string connectionString, Action<RabbitMqTransportOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Services.Configure<WorkflowSdkHostOptions>(o =>
        {
            o.RabbitMQ ??= new RabbitMqTransportOptions();
            o.RabbitMQ.ConnectionString = connectionString;
            configure?.Invoke(o.RabbitMQ);
        });
        return this;
    }

    /// <summary>Carries messages with a transport of your own (the store is SQLite or MongoDB as configured).</summary>
    /// <param name="factory">Creates the transport; called once.</param>
    /// <param name="description">What it is, for logs and errors (no secrets).</param>
    /// <returns>This builder.</returns>
    public WorkflowSdkBuilder UseTransport(Func<IServiceProvider, IWorkflowTransport> factory, string description)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Configure<WorkflowSdkHostOptions>(o =>
        {
            o.TransportFactory = factory;
            o.TransportDescription = description;
        });
        return this;
    }

    /// <summary>Runs on a backend you build (any store with any transport); every other backend setting is ignored.</summary>
    /// <param name="factory">Creates the backend; called once, disposed with the container.</param>
    /// <returns>This builder.</returns>
    public WorkflowSdkBuilder UseBackend(Func<IServiceProvider, WorkflowBackend> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Configure<WorkflowSdkHostOptions>(o => o.BackendFactory = factory);
        return this;
    }

    /// <summary>
    /// Runs a worker in the host (a hosted service) with the orchestrations and activities that
    /// <paramref name="register"/> adds. Called several times, the registrations add up (one worker).
    /// </summary>
    /// <param name="register">
    /// Adds orchestrations and activities. Its <see cref="IServiceProvider"/> resolves, while an activity runs, from that
    /// execution's own scope: pass it to <c>registry.AddGeneratedWorkflows(services)</c> and instance-method activities
    /// get their constructor arguments (scoped ones included) from a fresh scope per execution.
    /// </param>
    /// <param name="configure">Adjusts the worker's settings (after the <c>Worker</c> configuration section).</param>
    /// <returns>This builder.</returns>
    public WorkflowSdkBuilder AddWorker(Action<WorkflowRegistry, IServiceProvider> register, Action<WorkflowWorkerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(register);
        Services.AddSingleton(new WorkerRegistration(register));
        if (configure is not null)
        {
            Services.Configure(configure);
        }

        if (!Services.Any(d => d.ServiceType == typeof(WorkflowWorkerService)))
        {
            Services.AddSingleton<WorkflowWorkerService>();
            Services.AddHostedService(sp => sp.GetRequiredService<WorkflowWorkerService>());
        }

        return this;
    }

    /// <summary>Adjusts the client's settings (after the <c>Client</c> configuration section).</summary>
    /// <param name="configure">The adjustment.</param>
    /// <returns>This builder.</returns>
    public WorkflowSdkBuilder ConfigureClient(Action<WorkflowClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }
}

/// <summary>One registration callback of <see cref="WorkflowSdkBuilder.AddWorker"/>, kept in the container for the worker.</summary>
/// <param name="Register">Adds orchestrations and activities to the worker's registry.</param>
public sealed record WorkerRegistration(Action<WorkflowRegistry, IServiceProvider> Register);
