using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WorkflowSdk.Hosting;

/// <summary>
/// Healthy when the store answers (a read of an instance record) and, in a worker host, the worker is receiving work;
/// degraded while the worker stops; unhealthy when the store fails or the worker is not running.
/// </summary>
/// <remarks>Register with <c>services.AddHealthChecks().AddWorkflowSdk()</c>.</remarks>
public sealed class WorkflowSdkHealthCheck(HostedBackend backend, IServiceProvider services) : IHealthCheck
{
    /// <summary>The default name of the check.</summary>
    public const string DefaultName = "workflowsdk";

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["backend"] = backend.Description };
        try
        {
            await backend.Backend.Store.GetInstanceAsync("workflowsdk-health-probe", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The WorkflowSdk store ({backend.Description}) does not answer: {ex.Message}", ex, data);
        }

        if (services.GetService<WorkflowWorkerService>() is not { } worker)
        {
            return HealthCheckResult.Healthy("The WorkflowSdk store answers (no worker in this host).", data);
        }

        if (worker.Worker is { } running)
        {
            data["workerId"] = running.WorkerId;
            data["cachedInstances"] = running.CachedInstances;
        }

        return worker.IsRunning
            ? HealthCheckResult.Healthy("The WorkflowSdk worker is receiving work.", data)
            : worker.Worker is null
                ? HealthCheckResult.Unhealthy("The WorkflowSdk worker has not started.", data: data)
                : HealthCheckResult.Degraded("The WorkflowSdk worker is stopping or stopped.", data: data);
    }
}

/// <summary>Adds the WorkflowSdk health check.</summary>
public static class WorkflowSdkHealthChecksBuilderExtensions
{
    /// <summary>Adds <see cref="WorkflowSdkHealthCheck"/>.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="tags">Tags to filter checks by (e.g. <c>ready</c>).</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddWorkflowSdk(this IHealthChecksBuilder builder, string name = WorkflowSdkHealthCheck.DefaultName, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name, sp => new WorkflowSdkHealthCheck(sp.GetRequiredService<HostedBackend>(), sp), HealthStatus.Unhealthy, tags));
    }
}
