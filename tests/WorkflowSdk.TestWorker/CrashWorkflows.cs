namespace WorkflowSdk.TestWorker;

/// <summary>The workload of the crash tests: a sequence of five activities per instance.</summary>
public static class CrashWorkflows
{
    public const string Sequence = "Sequence5";
    public const string Step = "Step";
    public const int Steps = 5;

    public static WorkflowRegistry Register(WorkflowRegistry registry) => registry
        .AddOrchestration<int, int>(Sequence, async (context, seed) =>
        {
            var value = seed;
            for (var i = 0; i < Steps; i++)
            {
                value = await context.CallActivityAsync<int>(Step, value);
            }

            return value;
        })
        .AddActivity<int, int>(Step, async value =>
        {
            // Long enough that kills land mid-activity as well as mid-commit.
            await Task.Delay(Random.Shared.Next(1, 15));
            return value + 1;
        });
}
