namespace WorkflowSdk.TestWorker;

// The workloads of the worker processes. This file is compiled into the test worker and, linked, into the test
// assemblies that start it (the conformance suite, the RabbitMQ tests): internal in each, so they never clash.

/// <summary>The workload of the crash tests: a sequence of five activities per instance.</summary>
internal static class CrashWorkflows
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

/// <summary>The workload of the RabbitMQ process tests: a sequence of three activities per instance.</summary>
internal static class SequenceWorkflows
{
    public const string Sequence = "Sequence3";
    public const string Step = "Sequence3Step";
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
