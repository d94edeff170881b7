namespace WorkflowSdk.Samples;

/// <summary>
/// The smallest <see cref="IServiceProvider"/>: the objects a sample's activities need, by type. The generated
/// registration (<c>registry.AddGeneratedWorkflows(services)</c>) creates each activity class per call with its
/// constructor arguments from here. A real application passes its dependency-injection container instead.
/// </summary>
/// <param name="services">The objects to provide.</param>
internal sealed class SampleServices(params object[] services) : IServiceProvider
{
    /// <inheritdoc/>
    public object? GetService(Type serviceType) => services.FirstOrDefault(serviceType.IsInstanceOfType);
}
