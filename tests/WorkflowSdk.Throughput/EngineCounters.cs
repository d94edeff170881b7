using System.Diagnostics.Metrics;
using WorkflowSdk.Diagnostics;

namespace WorkflowSdk.Throughput;

/// <summary>
/// Counts the worker's episodes, cache hits and misses and conflicts through its Meter, as an exporter would, so a
/// run reports how often it replayed history.
/// </summary>
internal sealed class EngineCounters : IDisposable
{
    private static readonly string[] Counted =
    [
        WorkflowInstrumentation.MetricNames.Episodes,
        WorkflowInstrumentation.MetricNames.CacheHits,
        WorkflowInstrumentation.MetricNames.CacheMisses,
        WorkflowInstrumentation.MetricNames.Conflicts,
    ];

    private readonly MeterListener _listener = new();
    private readonly long[] _totals = new long[Counted.Length];

    public EngineCounters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WorkflowInstrumentation.SourceName && Array.IndexOf(Counted, instrument.Name) >= 0)
            {
                listener.EnableMeasurementEvents(instrument, Array.IndexOf(Counted, instrument.Name));
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, state) => Interlocked.Add(ref _totals[(int)state!], value));
        _listener.Start();
    }

    /// <summary>Adds the totals to a run's metrics.</summary>
    public void Report(Dictionary<string, double> metrics)
    {
        metrics["episodes"] = Interlocked.Read(ref _totals[0]);
        metrics["cache misses"] = Interlocked.Read(ref _totals[2]);
        metrics["commit conflicts"] = Interlocked.Read(ref _totals[3]);
    }

    public void Dispose() => _listener.Dispose();
}
