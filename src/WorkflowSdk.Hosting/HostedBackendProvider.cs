using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WorkflowSdk.Backends;

namespace WorkflowSdk.Hosting;

/// <summary>What a backend can be in a host: a store, a transport, or both.</summary>
[Flags]
public enum HostedBackendRoles
{
    /// <summary>Neither.</summary>
    None = 0,

    /// <summary>Keeps instances and history (<see cref="IWorkflowStore"/>).</summary>
    Store = 1,

    /// <summary>Carries messages (<see cref="IWorkflowTransport"/>).</summary>
    Transport = 2,

    /// <summary>Both, as one object (an embedded backend).</summary>
    StoreAndTransport = Store | Transport,
}

/// <summary>
/// A backend package's share of a host: the configuration section it reads (under <c>WorkflowSdk</c>), the settings it
/// checks at start, and the store or transport it creates. Hosting knows no backend by name: each backend package
/// derives from this class and adds it with <see cref="WorkflowSdkBuilder.AddBackendProvider{TProvider}"/> (its
/// <c>UseXxx</c> and <c>AddXxxConfiguration</c> builder extensions do).
/// </summary>
/// <remarks>
/// One instance lives in <see cref="WorkflowSdkHostOptions"/> per provider type: configuration is read into it first
/// (<see cref="ReadConfiguration"/>), then code adjusts it (<see cref="WorkflowSdkBuilder.ConfigureBackend{TProvider}"/>).
/// The host takes the store from a configured store-only provider, else from one that is both; the transport from
/// <see cref="WorkflowSdkBuilder.UseTransport"/>, else a configured transport-only provider, else one that is both.
/// </remarks>
public abstract class HostedBackendProvider
{
    /// <summary>The configuration section under the host's section, e.g. <c>Sqlite</c>.</summary>
    public abstract string SectionName { get; }

    /// <summary>What this backend can be.</summary>
    public abstract HostedBackendRoles Roles { get; }

    /// <summary>The builder method that chooses this backend in code, for error messages (e.g. <c>UseSqlite</c>).</summary>
    public abstract string UseMethodName { get; }

    /// <summary>Whether configuration or code chose this backend (its section, path or connection string is set).</summary>
    public abstract bool IsConfigured { get; }

    /// <summary>
    /// Reads this backend's section; called only when the section exists. Refuse keys that match no setting (see
    /// <see cref="ConfigurationReader"/>) so that a misspelt setting is not silently ignored.
    /// </summary>
    /// <param name="section">The section (<c>WorkflowSdk:Sqlite</c>, ...).</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A key matches no setting, or a value does not convert.</exception>
    public abstract void ReadConfiguration(IConfigurationSection section);

    /// <summary>Checks the settings of a configured backend; one message per problem, each starting with its configuration path.</summary>
    /// <param name="sectionPath">This backend's section path, e.g. <c>WorkflowSdk:Sqlite</c>.</param>
    /// <returns>The problems; empty when the settings are valid.</returns>
    public abstract IEnumerable<string> GetValidationErrors(string sectionPath);

    /// <summary>
    /// How to set this backend up in <paramref name="role"/>, for the messages that say a store or a transport is missing,
    /// e.g. <c>'WorkflowSdk:Sqlite:Path'</c>.
    /// </summary>
    /// <param name="sectionPath">This backend's section path.</param>
    /// <param name="role">A role in <see cref="Roles"/>; <see cref="Roles"/> itself when a whole backend is missing.</param>
    /// <returns>A phrase naming the setting or the method.</returns>
    public abstract string DescribeSetup(string sectionPath, HostedBackendRoles role);

    /// <summary>Creates the backend in <paramref name="roles"/>; called once, when the host first needs the backend.</summary>
    /// <param name="roles">The roles it takes (a subset of <see cref="Roles"/>).</param>
    /// <param name="services">The root provider.</param>
    /// <param name="loggerFactory">Where the backend logs.</param>
    /// <returns>The store and/or transport, with a description for logs (no secrets).</returns>
    /// <exception cref="ArgumentException">A setting is out of range (the host reports it with the section's path).</exception>
    public abstract HostedBackendPart Create(HostedBackendRoles roles, IServiceProvider services, ILoggerFactory loggerFactory);
}

/// <summary>What a <see cref="HostedBackendProvider"/> created.</summary>
/// <param name="Store">The store, when asked for <see cref="HostedBackendRoles.Store"/>.</param>
/// <param name="Transport">The transport, when asked for <see cref="HostedBackendRoles.Transport"/>.</param>
/// <param name="Description">What it is, for logs and health checks (passwords masked).</param>
public sealed record HostedBackendPart(IWorkflowStore? Store, IWorkflowTransport? Transport, string Description);
