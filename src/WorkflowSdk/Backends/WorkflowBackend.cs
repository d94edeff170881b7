namespace WorkflowSdk.Backends;

/// <summary>A store and a transport that work together; what workers and clients run on.</summary>
public sealed class WorkflowBackend : IAsyncDisposable
{
    private int _disposed;

    /// <summary>Pairs a store with a transport.</summary>
    /// <param name="store">The store.</param>
    /// <param name="transport">The transport.</param>
    public WorkflowBackend(IWorkflowStore store, IWorkflowTransport transport)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(transport);
        Store = store;
        Transport = transport;
        UsesRelay = !transport.ConsumesOutboxOf(store);
    }

    /// <summary>The store.</summary>
    public IWorkflowStore Store { get; }

    /// <summary>The transport.</summary>
    public IWorkflowTransport Transport { get; }

    /// <summary>Whether outbox messages must be relayed from the store to the transport.</summary>
    public bool UsesRelay { get; }

    /// <summary>Initializes the store and the transport (idempotent).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await Store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (!ReferenceEquals(Store, Transport))
        {
            await Transport.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Disposes the store and the transport (once each).</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Store.DisposeAsync().ConfigureAwait(false);
        if (!ReferenceEquals(Store, Transport))
        {
            await Transport.DisposeAsync().ConfigureAwait(false);
        }
    }
}
