using WorkflowSdk.Backends;

namespace WorkflowSdk.Hosting;

/// <summary>
/// Which backend a host runs on. Filled from the configuration section (<c>WorkflowSdk</c> by default) and by the
/// <c>Use…</c> methods of <see cref="WorkflowSdkBuilder"/> and of the backend packages; code runs after configuration,
/// so code wins. A backend's section is read once its package is added in code (<c>wf.UseSqlite(path)</c>, or
/// <c>wf.AddSqliteConfiguration()</c> to leave every setting to configuration).
/// </summary>
/// <remarks>
/// <code language="json">
/// "WorkflowSdk": {
///   "Sqlite":  { "Path": "workflows.db", "LeaseDuration": "00:00:30" },
///   "MongoDB": { "ConnectionString": "mongodb://db1/workflows", "HubName": "orders" },
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
    private readonly List<HostedBackendProvider> _backends = [];

    /// <summary>The default configuration section.</summary>
    public const string DefaultSectionName = "WorkflowSdk";

    /// <summary>The configuration section the options were read from (for error messages).</summary>
    public string SectionPath { get; set; } = DefaultSectionName;

    /// <summary>
    /// The backends that backend packages added (<see cref="WorkflowSdkBuilder.AddBackendProvider{TProvider}"/>), in the
    /// order they were added, each with its settings; the ones whose <see cref="HostedBackendProvider.IsConfigured"/> is
    /// true make up the host's backend.
    /// </summary>
    public IReadOnlyList<HostedBackendProvider> Backends => _backends;

    /// <summary>
    /// Creates the transport (<see cref="WorkflowSdkBuilder.UseTransport"/>); <see langword="null"/> when a backend in
    /// <see cref="Backends"/> is the transport.
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

    /// <summary>The settings of backend <typeparamref name="TProvider"/>, added to <see cref="Backends"/> if missing.</summary>
    /// <typeparam name="TProvider">The backend package's provider type.</typeparam>
    /// <returns>The one instance of <typeparamref name="TProvider"/> in these options.</returns>
    public TProvider GetBackend<TProvider>()
        where TProvider : HostedBackendProvider, new()
    {
        foreach (var backend in _backends)
        {
            if (backend is TProvider existing)
            {
                return existing;
            }
        }

        var added = new TProvider();
        if (_backends.Any(b => string.Equals(b.SectionName, added.SectionName, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"Two WorkflowSdk backends read the configuration section '{added.SectionName}'.");
        }

        _backends.Add(added);
        return added;
    }
}
