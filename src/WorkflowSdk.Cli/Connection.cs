using WorkflowSdk.Backends;
using WorkflowSdk.Hosting;

namespace WorkflowSdk.Cli;

/// <summary>Where the instances are: the backends chosen by options, then by the environment (see <see cref="CliBackend"/>).</summary>
/// <param name="Backends">The backends the tool offers.</param>
/// <param name="Chosen">The chosen ones, in the same order.</param>
internal sealed record Connection(IReadOnlyList<CliBackend> Backends, IReadOnlyList<CliBackendChoice> Chosen)
{
    public const string SqliteVariable = "WORKFLOWSDK_SQLITE";
    public const string MongoDBVariable = "WORKFLOWSDK_MONGODB_URI";

    private IEnumerable<CliBackend> Stores => Backends.Where(b => b.Roles.HasFlag(HostedBackendRoles.Store));

    private IEnumerable<CliBackend> Transports => Backends.Where(b => b.Roles == HostedBackendRoles.Transport);

    private IEnumerable<CliBackendChoice> ChosenStores => Chosen.Where(c => c.Backend.Roles.HasFlag(HostedBackendRoles.Store));

    /// <summary>What it connects to, without secrets.</summary>
    public string Describe()
    {
        var store = ChosenStores.FirstOrDefault();
        var transport = Chosen.FirstOrDefault(c => c.Backend.Roles == HostedBackendRoles.Transport);
        var text = store?.Describe() ?? "no store";
        return transport is null ? text : $"{text} + {transport.Describe()}";
    }

    /// <summary>Opens the backend.</summary>
    /// <exception cref="CliException">Nothing to connect to, or a wrong path or URI.</exception>
    public WorkflowBackend Open()
    {
        var stores = ChosenStores.ToList();
        if (stores.Count == 0)
        {
            throw new CliException(
                $"No backend given. Use {string.Join(" or ", Stores.Select(b => b.Usage))} (or set {string.Join(" / ", Stores.Select(b => b.Variable))})" +
                string.Concat(Transports.Select(t => $"; with {t.Name}, add {t.Usage} to either")) + ".");
        }

        if (stores.Count > 1)
        {
            throw new CliException($"Give one store: {string.Join(" or ", Stores.Select(b => b.OptionName))}, not both.");
        }

        var chosenStore = stores[0];
        var transport = Chosen.FirstOrDefault(c => c.Backend.Roles == HostedBackendRoles.Transport);
        if (transport is null && chosenStore.Backend.Roles.HasFlag(HostedBackendRoles.Transport))
        {
            var both = chosenStore.Open(HostedBackendRoles.StoreAndTransport);
            return new WorkflowBackend(both.Store!, both.Transport!);
        }

        var store = chosenStore.Open(HostedBackendRoles.Store).Store!;
        if (transport is null)
        {
            return new WorkflowBackend(store, new StoreOnlyTransport(
                $"This command sends a message to the instance; {chosenStore.Backend.Name} is a store only. " +
                $"Add {string.Join(" or ", Transports.Select(t => t.Usage))} (the workers' transport)."));
        }

        try
        {
            return new WorkflowBackend(store, transport.Open(HostedBackendRoles.Transport).Transport!);
        }
        catch
        {
            // The store was opened (SQLite holds a file): close it before reporting the transport's error.
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>For a store-only backend without a transport: reading works, sending says what is missing.</summary>
    private sealed class StoreOnlyTransport(string missing) : IWorkflowTransport
    {
        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SendAsync(IReadOnlyList<WorkMessage> messages, CancellationToken cancellationToken) => throw new CliException(missing);

        public Task<OrchestrationWorkItem?> ReceiveOrchestrationWorkItemAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
            throw new NotSupportedException(missing);

        public Task<ActivityWorkItem?> ReceiveActivityWorkItemAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
            throw new NotSupportedException(missing);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>A failure to report as one line on standard error, with exit code <see cref="ExitCode"/>.</summary>
internal sealed class CliException(string message, int exitCode = 2) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
