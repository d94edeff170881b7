namespace WorkflowSdk.Throughput;

/// <summary>
/// The reference workloads: trivial activities returning their input plus one, as in the Durable Task Framework
/// emulator measurements the targets are set against.
/// </summary>
public static class Workloads
{
    [Activity]
    public static int Increment(int value) => value + 1;

    /// <summary>Three sequential activities.</summary>
    [Orchestration]
    public static async Task<int> Sequence3(OrchestrationContext context, int value)
    {
        for (var i = 0; i < 3; i++)
        {
            value = await context.Activities.IncrementAsync(value);
        }

        return value;
    }

    /// <summary>One orchestration fanning out to <paramref name="count"/> activities and summing their results.</summary>
    [Orchestration]
    public static async Task<long> FanOut(OrchestrationContext context, int count)
    {
        var calls = new Task<int>[count];
        for (var i = 0; i < count; i++)
        {
            calls[i] = context.Activities.IncrementAsync(i);
        }

        long sum = 0;
        foreach (var result in await Task.WhenAll(calls))
        {
            sum += result;
        }

        return sum;
    }

    /// <summary><paramref name="steps"/> sequential activities.</summary>
    [Orchestration]
    public static async Task<int> Chain(OrchestrationContext context, int steps)
    {
        var value = 0;
        for (var i = 0; i < steps; i++)
        {
            value = await context.Activities.IncrementAsync(value);
        }

        return value;
    }

    /// <summary>Waits on a durable timer of <paramref name="milliseconds"/>.</summary>
    [Orchestration]
    public static async Task<int> Sleep(OrchestrationContext context, int milliseconds)
    {
        await context.CreateTimer(TimeSpan.FromMilliseconds(milliseconds));
        return milliseconds;
    }

    /// <summary>Waits for one external event (to measure memory of many waiting instances).</summary>
    [Orchestration]
    public static Task<int> WaitForGo(OrchestrationContext context, int value) => context.WaitForExternalEvent<int>("go");
}
