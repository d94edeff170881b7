using WorkflowSdk.History;
using WorkflowSdk.Samples.RetryWithBackoff;
using static WorkflowSdk.Samples.RetryWithBackoff.RetryWithBackoffWorkflow;

namespace WorkflowSdk.Conformance.Scenarios;

/// <summary>The RetryWithBackoff sample: RetryOptions with exponential backoff against a flaky dependency.</summary>
public abstract class RetryWithBackoffScenarioTests : ConformanceTests
{
    [ConformanceFact]
    public async Task ConvertCurrency_ApiDownForThreeCalls_SucceedsOnTheFourthAttemptAfterDoublingDelays()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, api) = await SampleScenarios.ConvertAsync(run, "USD", outageCalls: 3);

        var status = instances[0];
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal(new Conversion("convert-1", 250m, "EUR", 271.05m, "USD", 1.0842m), status.ReadOutputAs<Conversion>());
        Assert.Equal(4, api.Calls);
        Assert.Equal([0, 2, 4, 6], status.Events<TaskScheduledEvent>().Select(e => e.TaskId));
        Assert.Equal([1, 3, 5], status.Events<TimerCreatedEvent>().Select(e => e.TaskId));
        Assert.Equal([1, 3, 5], status.Events<TimerFiredEvent>().Select(e => e.TaskId));
        Assert.Equal([200, 400, 800], status.TimerDelays().Select(d => d.TotalMilliseconds));
        Assert.All(status.Events<TaskFailedEvent>(), f => Assert.Equal(typeof(HttpRequestException).FullName, f.FailureDetails.ErrorType));
        Assert.Equal([0, 2, 4], status.Events<TaskFailedEvent>().Select(e => e.TaskId));
    }

    [ConformanceFact]
    public async Task ConvertCurrency_ApiDownLongerThanTheAttempts_FailsAfterFiveAttemptsWithDelaysCappedAtOneSecond()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, api) = await SampleScenarios.ConvertAsync(run, "USD", outageCalls: 100);

        var status = instances[0];
        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal(5, api.Calls);
        Assert.Equal(5, status.Events<TaskFailedEvent>().Count);
        Assert.Equal([200, 400, 800, 1_000], status.TimerDelays().Select(d => d.TotalMilliseconds));
        Assert.Equal(typeof(HttpRequestException).FullName, status.FailureDetails!.InnerFailure!.ErrorType);
        Assert.Contains("task #8", status.FailureDetails.Message, StringComparison.Ordinal);
    }

    [ConformanceFact]
    public async Task ConvertCurrency_UnknownCurrency_FailsAtTheFirstAttemptBecauseHandleRefusesToRetry()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, api) = await SampleScenarios.ConvertAsync(run, "XYZ", outageCalls: 0);

        var status = instances[0];
        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal(1, api.Calls);
        Assert.Single(status.Events<TaskScheduledEvent>());
        Assert.Empty(status.Events<TimerCreatedEvent>());
        Assert.Equal(typeof(UnknownCurrencyException).FullName, status.FailureDetails!.InnerFailure!.ErrorType);
        Assert.Equal("400 Bad Request: no rate for EUR/XYZ.", status.FailureDetails.InnerFailure.Message);
        Assert.False(status.FailureDetails.InnerFailure.IsNonRetriable); // Handle, not the exception type, stopped the retries
    }
}
