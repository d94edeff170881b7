using Microsoft.Extensions.DependencyInjection;

namespace WorkflowSdk.Hosting;

/// <summary>
/// Registers activities implemented by services from dependency injection, without the source generator. Each execution
/// resolves the service from its own scope (see <see cref="WorkflowSdkBuilder.AddWorker"/>).
/// </summary>
public static class WorkflowRegistryServiceExtensions
{
    /// <summary>Registers an activity that runs a method of a service resolved from the execution's scope.</summary>
    /// <typeparam name="TService">The service type (registered in the container).</typeparam>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="registry">The registry.</param>
    /// <param name="name">The activity's name.</param>
    /// <param name="services">The provider handed to the worker's registration callback.</param>
    /// <param name="activity">Runs the activity on the service.</param>
    /// <returns>The registry.</returns>
    /// <example>
    /// <code>
    /// services.AddScoped&lt;PaymentGateway&gt;();
    /// services.AddWorkflowSdk(wf => wf.UseSqlite("workflows.db").AddWorker((registry, sp) => registry
    ///     .AddActivity&lt;PaymentGateway, Order, Receipt&gt;("Charge", sp, (gateway, context, order) => gateway.ChargeAsync(order, context.CancellationToken))));
    /// </code>
    /// </example>
    public static WorkflowRegistry AddActivity<TService, TInput, TOutput>(
        this WorkflowRegistry registry, string name, IServiceProvider services, Func<TService, ActivityContext, TInput, Task<TOutput>> activity)
        where TService : notnull
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(activity);
        return registry.AddActivity<TInput, TOutput>(name, (context, input) => activity(services.GetRequiredService<TService>(), context, input));
    }

    /// <summary>Registers an activity with no result that runs a method of a service resolved from the execution's scope.</summary>
    /// <typeparam name="TService">The service type (registered in the container).</typeparam>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <param name="registry">The registry.</param>
    /// <param name="name">The activity's name.</param>
    /// <param name="services">The provider handed to the worker's registration callback.</param>
    /// <param name="activity">Runs the activity on the service.</param>
    /// <returns>The registry.</returns>
    public static WorkflowRegistry AddActivity<TService, TInput>(
        this WorkflowRegistry registry, string name, IServiceProvider services, Func<TService, ActivityContext, TInput, Task> activity)
        where TService : notnull
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(activity);
        return registry.AddActivity<TInput>(name, (context, input) => activity(services.GetRequiredService<TService>(), context, input));
    }
}
