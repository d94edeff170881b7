using WorkflowSdk.History;
using WorkflowSdk.Samples.CronBilling;
using static WorkflowSdk.Samples.CronBilling.CronBillingWorkflow;

namespace WorkflowSdk.Conformance.Scenarios;

/// <summary>The CronBilling sample: sub-orchestrations, retries, durable timers and ContinueAsNew.</summary>
public abstract class CronBillingScenarioTests : ConformanceTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(150);

    [ConformanceFact]
    public async Task BillingSchedule_ThreeCycles_BillsEveryCustomerEveryCycleAndReportsTheTotals()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, gateway) = await SampleScenarios.BillAsync(run, cycles: 3, Period);

        var schedule = instances[0];
        Assert.Equal(OrchestrationRuntimeStatus.Completed, schedule.RuntimeStatus);
        var report = schedule.ReadOutputAs<BillingReport>();
        Assert.Equal((3, 801m, 744m), (report.Cycles, report.TotalBilled, report.TotalCollected));
        Assert.Equal([1, 2, 3], report.CycleSummaries.Select(c => c.Cycle));
        foreach (var cycle in report.CycleSummaries)
        {
            Assert.Equal(
                [
                    ("contoso", true, $"PAY-{cycle.Cycle:000}-contoso", null),
                    ("globex", true, $"PAY-{cycle.Cycle:000}-globex", null),
                    ("initech", false, null, "The card has expired."),
                ],
                cycle.Bills.Select(b => (b.CustomerId, b.Paid, b.PaymentId, b.Problem)));
        }

        Assert.Equal(6, gateway.Payments.Count);
        Assert.Equal(["initech/1: The card has expired.", "initech/2: The card has expired.", "initech/3: The card has expired."], gateway.DunningNotices);
    }

    [ConformanceFact]
    public async Task BillingSchedule_EachCycle_ContinuesAsNewSoOnlyTheLastCycleIsInTheHistory()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var schedule = (await SampleScenarios.BillAsync(run, cycles: 3, Period)).Status;

        var started = Assert.Single(schedule.Events<ExecutionStartedEvent>());
        Assert.Equal(2, started.Generation);
        Assert.Equal(3, schedule.ReadInputAs<BillingSchedule>().Cycle);
        Assert.Equal([1, 2], schedule.ReadInputAs<BillingSchedule>().Completed.Select(c => c.Cycle));
        Assert.Equal(
            ["billing-1:cycle-3:contoso", "billing-1:cycle-3:globex", "billing-1:cycle-3:initech"],
            schedule.Events<SubOrchestrationInstanceCreatedEvent>().Select(e => e.InstanceId));
        Assert.Equal([0, 1, 2], schedule.Events<SubOrchestrationInstanceCreatedEvent>().Select(e => e.TaskId));
        Assert.Equal(2, Assert.Single(schedule.Events<SubOrchestrationInstanceFailedEvent>()).TaskId);
        Assert.Equal([Names.SendDunningNotice], schedule.ActivityCalls());
        Assert.Empty(schedule.Events<TimerCreatedEvent>()); // the last cycle does not wait for another period
    }

    [ConformanceFact]
    public async Task BillingSchedule_BetweenCycles_WaitsAtLeastOnePeriodOnADurableTimer()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var instances = (await SampleScenarios.BillAsync(run, cycles: 3, Period)).Instances;

        var bills = instances.Skip(1).ToList();
        Assert.All(bills, bill => Assert.Equal("billing-1", bill.ParentInstanceId));
        for (var cycle = 1; cycle < 3; cycle++)
        {
            var finished = bills.Skip((cycle - 1) * 3).Take(3).Max(b => b.CompletedAt!.Value);
            var nextStarted = bills.Skip(cycle * 3).Take(3).Min(b => b.Events<ExecutionStartedEvent>()[0].Timestamp);
            Assert.True(nextStarted - finished >= Period, $"cycle {cycle + 1} began {nextStarted - finished} after cycle {cycle} ended");
        }
    }

    [ConformanceFact]
    public async Task BillCustomer_CardNetworkTimesOutOnce_RetriesTheChargeAfterTheBackoffDelay()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, gateway) = await SampleScenarios.BillAsync(run, cycles: 1, Period);

        var globex = instances.Single(i => i.InstanceId == "billing-1:cycle-1:globex");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, globex.RuntimeStatus);
        Assert.Equal([Names.CreateInvoice, Names.ChargeCard, Names.ChargeCard], globex.ActivityCalls());
        Assert.Equal([0, 1, 3], globex.Events<TaskScheduledEvent>().Select(e => e.TaskId));
        var timeout = Assert.Single(globex.Events<TaskFailedEvent>());
        Assert.Equal((1, typeof(TimeoutException).FullName), (timeout.TaskId, timeout.FailureDetails.ErrorType));
        Assert.Equal([ChargeRetry.FirstRetryInterval], globex.TimerDelays());
        Assert.Equal(2, gateway.ChargeAttempts["INV-001-globex"]);
        Assert.Equal(1, gateway.ChargeAttempts["INV-001-contoso"]);
        Assert.Equal("PAY-001-globex", globex.ReadOutputAs<CustomerBill>().PaymentId);
    }

    [ConformanceFact]
    public async Task BillCustomer_CardExpired_FailsAtOnceWithoutRetryAndTheScheduleSendsADunningNotice()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, gateway) = await SampleScenarios.BillAsync(run, cycles: 1, Period);

        var initech = instances.Single(i => i.InstanceId == "billing-1:cycle-1:initech");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, initech.RuntimeStatus);
        Assert.Equal([Names.CreateInvoice, Names.ChargeCard], initech.ActivityCalls());
        Assert.Empty(initech.Events<TimerCreatedEvent>());
        Assert.Equal(typeof(CardDeclinedException).FullName, initech.FailureDetails!.InnerFailure!.ErrorType);
        Assert.True(initech.FailureDetails.InnerFailure.IsNonRetriable);
        var failed = Assert.Single(instances[0].Events<SubOrchestrationInstanceFailedEvent>());
        Assert.Equal(typeof(TaskFailedException).FullName, failed.FailureDetails.ErrorType);
        var notice = run.Host.Decode<DunningNotice>(Assert.Single(instances[0].Events<TaskScheduledEvent>()).Input);
        Assert.Equal(new DunningNotice("initech", 1, "The card has expired."), notice);
        Assert.Equal(["initech/1: The card has expired."], gateway.DunningNotices);
    }
}
