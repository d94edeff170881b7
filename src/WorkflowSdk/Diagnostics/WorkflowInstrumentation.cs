using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WorkflowSdk.Diagnostics;

/// <summary>
/// Traces (<see cref="ActivitySource"/> named <see cref="SourceName"/>) and metrics (<see cref="Meter"/> of the
/// same name) of one worker or client. Listen to them with OpenTelemetry (<c>AddSource("WorkflowSdk")</c>,
/// <c>AddMeter("WorkflowSdk")</c>) or any <see cref="ActivityListener"/> / <see cref="MeterListener"/>.
/// </summary>
public sealed class WorkflowInstrumentation : IDisposable
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string SourceName = "WorkflowSdk";

    /// <summary>Creates the instrumentation.</summary>
    public WorkflowInstrumentation()
    {
        var version = typeof(WorkflowInstrumentation).Assembly.GetName().Version?.ToString();
        ActivitySource = new ActivitySource(SourceName, version);
        Meter = new Meter(SourceName, version);
        Episodes = Meter.CreateCounter<long>("workflowsdk.orchestration.episodes", "{episode}", "Orchestration episodes committed.");
        EpisodeDuration = Meter.CreateHistogram<double>("workflowsdk.orchestration.episode.duration", "ms", "Time to run and commit one episode.");
        ReplayedEvents = Meter.CreateCounter<long>("workflowsdk.orchestration.replayed_events", "{event}", "History events replayed on cache misses.");
        CacheHits = Meter.CreateCounter<long>("workflowsdk.orchestration.cache.hits", "{episode}", "Episodes that resumed a cached orchestration.");
        CacheMisses = Meter.CreateCounter<long>("workflowsdk.orchestration.cache.misses", "{episode}", "Episodes that replayed history.");
        Conflicts = Meter.CreateCounter<long>("workflowsdk.orchestration.conflicts", "{episode}", "Episodes discarded because another commit came first.");
        ActivityDuration = Meter.CreateHistogram<double>("workflowsdk.activity.duration", "ms", "Time to run one activity.");
        DeadLetters = Meter.CreateCounter<long>("workflowsdk.dead_letters", "{message}", "Messages dead-lettered after too many deliveries.");
    }

    /// <summary>The activity source for spans.</summary>
    public ActivitySource ActivitySource { get; }

    /// <summary>The meter for metrics.</summary>
    public Meter Meter { get; }

    internal Counter<long> Episodes { get; }

    internal Histogram<double> EpisodeDuration { get; }

    internal Counter<long> ReplayedEvents { get; }

    internal Counter<long> CacheHits { get; }

    internal Counter<long> CacheMisses { get; }

    internal Counter<long> Conflicts { get; }

    internal Histogram<double> ActivityDuration { get; }

    internal Counter<long> DeadLetters { get; }

    /// <summary>Disposes the activity source and the meter.</summary>
    public void Dispose()
    {
        ActivitySource.Dispose();
        Meter.Dispose();
    }
}
