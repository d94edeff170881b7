using Microsoft.Extensions.DependencyInjection;

namespace WorkflowSdk.Hosting;

/// <summary>
/// The service provider handed to registration code (<c>registry.AddGeneratedWorkflows(services)</c> and
/// <see cref="WorkflowRegistryServiceExtensions"/>): while an activity runs, it resolves from that execution's own
/// scope, so scoped services (a <c>DbContext</c>, a unit of work) live exactly as long as one activity execution.
/// Outside an activity it resolves from the root provider.
/// </summary>
/// <remarks>
/// The current scope flows with the activity's async context (an <see cref="AsyncLocal{T}"/> on this instance), so
/// activities running concurrently each see their own scope.
/// </remarks>
internal sealed class ActivityScopes(IServiceProvider root) : IServiceProvider, IServiceScopeFactory
{
    private readonly AsyncLocal<IServiceProvider?> _current = new();

    /// <summary>The provider of the running activity's scope, or the root outside activities.</summary>
    public IServiceProvider Current => _current.Value ?? root;

    public object? GetService(Type serviceType) =>
        serviceType == typeof(IServiceProvider) ? Current : Current.GetService(serviceType);

    public IServiceScope CreateScope() => root.CreateScope();

    /// <summary>Runs <paramref name="run"/> inside a new scope that is disposed when it finishes.</summary>
    public async Task<T> RunInScopeAsync<T>(Func<Task<T>> run)
    {
        var scope = root.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            _current.Value = scope.ServiceProvider;
            try
            {
                return await run().ConfigureAwait(false);
            }
            finally
            {
                _current.Value = null;
            }
        }
    }
}

/// <summary>Runs an activity inside its own dependency-injection scope (see <see cref="ActivityScopes"/>).</summary>
internal sealed class ScopedActivityRunner(IActivityRunner inner, ActivityScopes scopes) : IActivityRunner
{
    public Task<byte[]?> RunAsync(ActivityContext context, byte[]? input, Serialization.PayloadCodec codec) =>
        scopes.RunInScopeAsync(() => inner.RunAsync(context, input, codec));
}
