using BenchmarkDotNet.Attributes;
using WorkflowSdk.Replay;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.Benchmarks.Runtime;

/// <summary>
/// The same chain of activity calls written with the generated proxy (<c>context.Activities.IncrementAsync</c>) and
/// with the low-level name-based call (<c>context.CallActivityAsync&lt;int&gt;("Increment", ...)</c>): one warm
/// episode, and a cold replay of a 1,000-event history.
/// </summary>
[Config(typeof(RuntimeBenchmarkConfig))]
[MemoryDiagnoser]
public class CallStyleBenchmarks
{
    private HistoryDriver _warm = null!;
    private ExecutorEnvironment _environment = null!;
    private byte[] _stored = null!;

    /// <summary>The orchestration: the generated-proxy chain or the low-level chain.</summary>
    [Params(nameof(BenchmarkWorkflows.GeneratedChain), nameof(BenchmarkWorkflows.LowLevelChain))]
    public string Orchestration { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _warm = new HistoryDriver(Orchestration, steps: int.MaxValue, keepHistory: false);
        var cold = new HistoryDriver(Orchestration, steps: 1_000_000);
        cold.RunUntil(1_000);
        _environment = cold.Environment;
        _stored = WireFormat.EncodeEvents(cold.History);
    }

    [Benchmark(Description = "warm episode (one activity call)")]
    public bool WarmEpisode() => _warm.Step();

    [Benchmark(Description = "cold replay of 1,000 events")]
    public int ColdReplay() => HistoryDriver.ColdReplay(_environment, _stored).HistoryLength;
}
