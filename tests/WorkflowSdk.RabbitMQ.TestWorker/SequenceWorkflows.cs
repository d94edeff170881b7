namespace WorkflowSdk.RabbitMQ.TestWorker;

/// <summary>The workload of the process tests: a sequence of three activities per instance.</summary>
public static class SequenceWorkflows
{
    public const string Sequence = "Sequence3";
    public const string Step = "Step";
    public const int Steps = 3;

    public static WorkflowRegistry Register(WorkflowRegistry registry, int maxDelayMilliseconds = 10) => registry
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
            // Long enough that a kill lands mid-activity as well as mid-commit.
            if (maxDelayMilliseconds > 0)
            {
                await Task.Delay(Random.Shared.Next(1, maxDelayMilliseconds));
            }

            return value + 1;
        });
}
