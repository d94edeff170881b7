using BenchmarkDotNet.Attributes;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.Replay;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.Benchmarks.Runtime;

/// <summary>
/// The replay path for histories of 100, 1,000 and 10,000 events (a chain of activity calls, four events per
/// episode): decoding the stored bytes, a cold replay (cache miss: decode, new executor, replay every event), a cold
/// resume (the same plus running the next episode) against a warm resume (the cached executor runs the next episode
/// alone), and encoding.
/// </summary>
[Config(typeof(RuntimeBenchmarkConfig))]
[MemoryDiagnoser]
public class ReplayBenchmarks
{
    private ExecutorEnvironment _environment = null!;
    private List<HistoryEvent> _history = null!;
    private byte[] _stored = null!;
    private WorkMessage _next = null!;
    private HistoryDriver _warm = null!;

    /// <summary>The history length.</summary>
    [Params(100, 1_000, 10_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var driver = new HistoryDriver(nameof(BenchmarkWorkflows.GeneratedChain), steps: 1_000_000);
        driver.RunUntil(Events);
        _environment = driver.Environment;
        _history = driver.History;
        _stored = WireFormat.EncodeEvents(_history);
        _next = driver.NextCompletion();

        // The warm executor keeps running episodes; its history is not kept (only the engine's own state grows).
        _warm = new HistoryDriver(nameof(BenchmarkWorkflows.GeneratedChain), steps: int.MaxValue, keepHistory: false);
        _warm.RunUntilSteps(Events / 4);

        var replayed = Replay();
        if (replayed.HistoryLength != _history.Count || replayed.IsFinished)
        {
            throw new InvalidOperationException($"Replay stopped at {replayed.HistoryLength} of {_history.Count} events.");
        }
    }

    [Benchmark(Description = "decode")]
    public int Decode() => WireFormat.DecodeEvents(_stored).Count;

    [Benchmark(Description = "encode")]
    public int Encode() => WireFormat.EncodeEvents(_history).Length;

    [Benchmark(Description = "cold replay (decode + replay)", Baseline = true)]
    public int ColdReplay() => Replay().HistoryLength;

    [Benchmark(Description = "cold resume (cold replay + next episode)")]
    public int ColdResume() => Replay().RunEpisode([_next], _next.Event.Timestamp).NewEvents.Count;

    [Benchmark(Description = "warm resume (cached executor, next episode)")]
    public bool WarmResume() => _warm.Step();

    private OrchestrationExecutor Replay() => HistoryDriver.ColdReplay(_environment, _stored);
}
