namespace WorkflowSdk.Benchmarks.Runtime;

/// <summary>The orchestrations the runtime benchmarks replay: trivial activities returning their input plus one.</summary>
public static class BenchmarkWorkflows
{
    /// <summary>The activity every orchestration here calls.</summary>
    public const string IncrementName = "Increment";

    [Activity]
    public static int Increment(int value) => value + 1;

    /// <summary><paramref name="steps"/> sequential calls through the generated proxy.</summary>
    [Orchestration]
    public static async Task<int> GeneratedChain(OrchestrationContext context, int steps)
    {
        var value = 0;
        for (var i = 0; i < steps; i++)
        {
            value = await context.Activities.IncrementAsync(value);
        }

        return value;
    }

    /// <summary>The same chain through the low-level, name-based call.</summary>
    [Orchestration]
    public static async Task<int> LowLevelChain(OrchestrationContext context, int steps)
    {
        var value = 0;
        for (var i = 0; i < steps; i++)
        {
            value = await context.CallActivityAsync<int>(IncrementName, value);
        }

        return value;
    }
}
