using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkflowSdk.Backends;

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
            var built = factory(services);
            return (built, $"{built.Store.GetType().Name} + {built.Transport.GetType().Name}");
        }

        var configured = o.Backends.Where(b => b.IsConfigured).ToList();
        var store = Pick(configured, HostedBackendRoles.Store)
            ?? throw new InvalidOperationException($"No WorkflowSdk store is configured in '{o.SectionPath}'.");
        var custom = o.TransportFactory?.Invoke(services);
        var transport = custom is null ? Pick(configured, HostedBackendRoles.Transport) : null;
        if (custom is null && transport is null)
        {
            throw new InvalidOperationException($"No WorkflowSdk transport is configured in '{o.SectionPath}'.");
        }

        if (ReferenceEquals(store, transport))
        {
            var both = CreatePart(o, store, HostedBackendRoles.StoreAndTransport, services, loggerFactory);
            return (new WorkflowBackend(both.Store!, both.Transport!), both.Description);
        }

        string transportText;
        IWorkflowTransport queues;
        if (custom is not null)
        {
            queues = custom;
            transportText = o.TransportDescription ?? custom.GetType().Name;
        }
        else
        {
            var part = CreatePart(o, transport!, HostedBackendRoles.Transport, services, loggerFactory);
            (queues, transportText) = (part.Transport!, part.Description);
        }

        var stored = CreatePart(o, store, HostedBackendRoles.Store, services, loggerFactory);
        return (new WorkflowBackend(stored.Store!, queues), $"{stored.Description} + {transportText}");
    }

    /// <summary>A backend that is only <paramref name="role"/> wins over one that is both (a MongoDB store pairs with a SQLite file's queues).</summary>
    private static HostedBackendProvider? Pick(List<HostedBackendProvider> configured, HostedBackendRoles role) =>
        configured.FirstOrDefault(b => b.Roles == role) ?? configured.FirstOrDefault(b => b.Roles.HasFlag(role));

    private static HostedBackendPart CreatePart(
        WorkflowSdkHostOptions o, HostedBackendProvider backend, HostedBackendRoles roles, IServiceProvider services, ILoggerFactory loggerFactory)
    {
        var part = CreateOrExplain(() => backend.Create(roles, services, loggerFactory), $"{o.SectionPath}:{backend.SectionName}");
        if ((roles.HasFlag(HostedBackendRoles.Store) && part.Store is null) || (roles.HasFlag(HostedBackendRoles.Transport) && part.Transport is null))
        {
            throw new InvalidOperationException($"The WorkflowSdk backend of '{o.SectionPath}:{backend.SectionName}' did not create its {roles}.");
        }

        return part;
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
