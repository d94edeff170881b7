using Microsoft.Extensions.DependencyInjection;
using WorkflowSdk.Backends;

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

    /// <summary>
    /// Adds a backend package's provider: its configuration section (<c>WorkflowSdk:&lt;SectionName&gt;</c>) is read,
    /// and the backend is used when that section or code configures it. Backend packages call this from their
    /// <c>UseXxx</c> and <c>AddXxxConfiguration</c> extensions; adding the same provider again does nothing.
    /// </summary>
    /// <typeparam name="TProvider">The backend package's provider type.</typeparam>
    /// <returns>This builder.</returns>
    public WorkflowSdkBuilder AddBackendProvider<TProvider>()
        where TProvider : HostedBackendProvider, new()
    {
        if (!Services.Any(d => d.ServiceType == typeof(BackendRegistration) && d.ImplementationInstance is BackendRegistration { ProviderType: var type } && type == typeof(TProvider)))
        {
            Services.AddSingleton(new BackendRegistration(typeof(TProvider), o => o.GetBackend<TProvider>()));
        }

        return this;
    }

    /// <summary>
    /// Adds backend <typeparamref name="TProvider"/> (see <see cref="AddBackendProvider{TProvider}"/>) and adjusts its
    /// settings in code, after its configuration section was read.
    /// </summary>
    /// <typeparam name="TProvider">The backend package's provider type.</typeparam>
    /// <param name="configure">The adjustment (e.g. sets the path or connection string, which chooses the backend).</param>
    /// <returns>This builder.</returns>
    public WorkflowSdkBuilder ConfigureBackend<TProvider>(Action<TProvider> configure)
        where TProvider : HostedBackendProvider, new()
    {
        ArgumentNullException.ThrowIfNull(configure);
        AddBackendProvider<TProvider>();
        Services.Configure<WorkflowSdkHostOptions>(o => configure(o.GetBackend<TProvider>()));
        return this;
    }

    /// <summary>Carries messages with a transport of your own (the store is the configured backend's).</summary>
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

/// <summary>One backend provider added with <see cref="WorkflowSdkBuilder.AddBackendProvider{TProvider}"/>, kept in the container.</summary>
/// <param name="ProviderType">The provider's type.</param>
/// <param name="GetOrAdd">Finds or adds the provider's instance in the host options.</param>
internal sealed record BackendRegistration(Type ProviderType, Func<WorkflowSdkHostOptions, HostedBackendProvider> GetOrAdd);
