namespace WorkflowSdk.Conformance;

/// <summary>
/// The base of every conformance test class: a backend's test assembly derives each class and says how its
/// backend is created. The same tests then run on every store and transport.
/// </summary>
public abstract class ConformanceTests
{
    /// <summary>A provider of fresh storage for one test.</summary>
    /// <returns>The provider.</returns>
    protected abstract IBackendProvider CreateProvider();

    /// <summary>A host (backend, registry, client) for one test.</summary>
    /// <returns>The host; dispose it.</returns>
    protected WorkflowTestHost CreateHost() => new(CreateProvider());
}
