using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using WorkflowSdk.Diagnostics;

namespace WorkflowSdk.OpenTelemetry;

/// <summary>
/// Adds WorkflowSdk's traces and metrics to OpenTelemetry providers, so an application need not know the names of the
/// SDK's <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>
/// (<see cref="WorkflowInstrumentation.SourceName"/>).
/// </summary>
/// <remarks>
/// The spans and instruments are those of <see cref="WorkflowInstrumentation"/>: workers and clients report them whether
/// or not anyone listens; these methods only subscribe the provider to them. They do not add an exporter.
/// </remarks>
public static class WorkflowSdkInstrumentationExtensions
{
    /// <summary>
    /// Subscribes the tracer provider to WorkflowSdk's spans: <c>start_orchestration {name}</c>, <c>orchestration {name}</c>
    /// (one per episode), <c>activity {name}</c>, <c>timer</c>, <c>raise_event {name}</c>, <c>terminate</c>, <c>suspend</c>
    /// and <c>resume</c>. One orchestration instance, with its sub-orchestrations, is one trace.
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static TracerProviderBuilder AddWorkflowSdkInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(WorkflowInstrumentation.SourceName);
    }

    /// <summary>
    /// Subscribes the meter provider to WorkflowSdk's metrics (the instruments named in
    /// <see cref="WorkflowInstrumentation.MetricNames"/>): episodes and their duration, cache hits and misses, replayed
    /// events, conflicts, activity executions and their duration, active activities, the transport's backlog, dead
    /// letters and instances started.
    /// </summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static MeterProviderBuilder AddWorkflowSdkInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(WorkflowInstrumentation.SourceName);
    }
}
