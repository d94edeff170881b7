using System.Collections.Concurrent;

namespace WorkflowSdk.Hosting.Tests;

/// <summary>What the test activities did, shared by the test and the hosts it starts.</summary>
public sealed class Probe
{
    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);

    /// <summary>Signalled each time a slow activity starts.</summary>
    public SemaphoreSlim SlowStarted { get; } = new(0);

    /// <summary>How long slow activities take.</summary>
    public TimeSpan SlowDuration { get; set; } = TimeSpan.FromSeconds(1);

    public int Runs(string key) => _runs.GetValueOrDefault(key);

    public void Ran(string key) => _runs.AddOrUpdate(key, 1, (_, n) => n + 1);
}

/// <summary>A scoped service: one per activity execution.</summary>
public sealed class Greeter : IDisposable
{
    public Greeter(ScopeLog log)
    {
        Id = log.NextId();
        Log = log;
        log.Created.Add(Id);
    }

    public int Id { get; }

    public ScopeLog Log { get; }

    public bool Disposed { get; private set; }

    public string Greet(string name) => $"Hello {name} from greeter #{Id}";

    public void Dispose()
    {
        Disposed = true;
        Log.Disposed.Add(Id);
    }
}

/// <summary>Which scoped greeters were created and disposed.</summary>
public sealed class ScopeLog
{
    private int _next;

    public int NextId() => Interlocked.Increment(ref _next);

    public ConcurrentBag<int> Created { get; } = [];

    public ConcurrentBag<int> Disposed { get; } = [];
}

public static class TestWorkflows
{
    /// <summary>A chain: an activity, a timer, a sub-orchestration (which calls an activity), then the result.</summary>
    [Orchestration("Chain")]
    public static async Task<string> ChainAsync(OrchestrationContext context, string name)
    {
        var log = context.CreateReplaySafeLogger("TestWorkflows.Chain");
        log.LogStep(1, context.InstanceId);
        var first = await context.CallActivityAsync<string>("Upper", name);
        log.LogStep(2, context.InstanceId);
        await context.CreateTimer(TimeSpan.FromMilliseconds(50));
        log.LogStep(3, context.InstanceId);
        var second = await context.CallSubOrchestrationAsync<string>("Child", first);
        log.LogStep(4, context.InstanceId);
        return second;
    }

    [Orchestration("Child")]
    public static async Task<string> ChildAsync(OrchestrationContext context, string text) =>
        await context.CallActivityAsync<string>("Exclaim", text);

    /// <summary>One slow activity, then a fast one.</summary>
    [Orchestration("SlowThenFast")]
    public static async Task<string> SlowThenFastAsync(OrchestrationContext context, string key)
    {
        var slow = await context.CallActivityAsync<string>("Slow", key);
        return await context.CallActivityAsync<string>("Fast", slow);
    }

    [Orchestration("Greet")]
    public static async Task<string[]> GreetAsync(OrchestrationContext context, string[] names)
    {
        var greetings = new List<string>();
        foreach (var name in names)
        {
            greetings.Add(await context.CallActivityAsync<string>("Greet", name));
        }

        return [.. greetings];
    }

    [Orchestration("Poisoned")]
    public static Task<string> PoisonedAsync(OrchestrationContext context, string input) =>
        context.CallActivityAsync<string>("Poison", input);

    public static WorkflowRegistry Register(WorkflowRegistry registry, IServiceProvider services) => registry
        .AddOrchestration<string, string>("Chain", ChainAsync)
        .AddOrchestration<string, string>("Child", ChildAsync)
        .AddOrchestration<string, string>("SlowThenFast", SlowThenFastAsync)
        .AddOrchestration<string[], string[]>("Greet", GreetAsync)
        .AddOrchestration<string, string>("Poisoned", PoisonedAsync)
        .AddActivity<string, string>("Upper", s => s.ToUpperInvariant())
        .AddActivity<string, string>("Exclaim", s => s + "!")
        .AddActivity<string, string>("Poison", s => s)
        .AddActivity<Probe, string, string>("Slow", services, async (probe, context, key) =>
        {
            probe.Ran("slow:" + key);
            probe.SlowStarted.Release();
            await Task.Delay(probe.SlowDuration, context.CancellationToken);
            return key + ":slow";
        })
        .AddActivity<Probe, string, string>("Fast", services, (probe, context, text) =>
        {
            probe.Ran("fast:" + text);
            return Task.FromResult(text + ":fast");
        })
        .AddActivity<Greeter, string, string>("Greet", services, (greeter, context, name) => Task.FromResult(greeter.Greet(name)));
}

internal static partial class TestLogs
{
    [Microsoft.Extensions.Logging.LoggerMessage(1, Microsoft.Extensions.Logging.LogLevel.Information, "Chain step {Step} of {InstanceId}")]
    public static partial void LogStep(this Microsoft.Extensions.Logging.ILogger logger, int step, string instanceId);
}
