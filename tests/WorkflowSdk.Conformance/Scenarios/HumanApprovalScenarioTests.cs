using WorkflowSdk.History;
using WorkflowSdk.Samples.HumanApproval;
using static WorkflowSdk.Samples.HumanApproval.HumanApprovalWorkflow;

namespace WorkflowSdk.Conformance.Scenarios;

/// <summary>The HumanApproval sample: an external event with a deadline, and escalation.</summary>
public abstract class HumanApprovalScenarioTests : ConformanceTests
{
    [ConformanceFact]
    public async Task ApprovePurchase_ApproverAnswersInTime_PlacesTheOrderWithoutEscalating()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, procurement) = await SampleScenarios.ApproveAsync(run, TimeSpan.FromSeconds(30), Stages.AwaitingApprover, "maria");

        var status = instances[0];
        Assert.Equal(new PurchaseOutcome("purchase-1", true, "maria", "from the test", Escalated: false, "PO-1001"), status.ReadOutputAs<PurchaseOutcome>());
        Assert.Equal([Names.SendApprovalRequest, Names.PlaceOrder, Names.NotifyRequester], status.ActivityCalls());
        Assert.Equal([TimeSpan.FromSeconds(30)], status.TimerDelays());
        Assert.Empty(status.Events<TimerFiredEvent>());
        var raised = Assert.Single(status.Events<EventRaisedEvent>());
        Assert.Equal(DecisionEvent, raised.Name);
        Assert.Equal("maria", run.Host.Decode<ApprovalDecision>(raised.Input).DecidedBy);
        Assert.Equal(new ApprovalProgress(Stages.Decided, "maria"), status.ReadCustomStatusAs<ApprovalProgress>());
        Assert.Equal(2, procurement.Outbox.Count);
        Assert.StartsWith("maria: please approve Conference tickets for 2900.00", procurement.Outbox[0], StringComparison.Ordinal);
        Assert.Equal("sam: Conference tickets for 2900.00 (requested by sam): approved by maria, order PO-1001 (from the test)", procurement.Outbox[1]);
        Assert.Equal("PO-1001", procurement.Orders["purchase-1"]);
    }

    [ConformanceFact]
    public async Task ApprovePurchase_NoAnswerBeforeTheDeadline_EscalatesAndTheEscalationApproverDecides()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, procurement) = await SampleScenarios.ApproveAsync(run, TimeSpan.FromMilliseconds(100), Stages.AwaitingEscalation, "dana", approve: false);

        var status = instances[0];
        Assert.Equal(new PurchaseOutcome("purchase-1", false, "dana", "from the test", Escalated: true, null), status.ReadOutputAs<PurchaseOutcome>());
        Assert.Equal([Names.SendApprovalRequest, Names.SendApprovalRequest, Names.NotifyRequester], status.ActivityCalls());
        var notices = status.Events<TaskScheduledEvent>().Take(2).Select(e => run.Host.Decode<ApprovalNotice>(e.Input)).ToList();
        Assert.Equal([("maria", false), ("dana", true)], notices.Select(n => (n.To, n.Escalated)));
        Assert.Equal([1], status.Events<TimerFiredEvent>().Select(e => e.TaskId));
        Assert.Equal([TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30)], status.TimerDelays());
        Assert.Empty(procurement.Orders);
        Assert.EndsWith("rejected by dana (from the test)", procurement.Outbox[^1], StringComparison.Ordinal);
    }

    [ConformanceFact]
    public async Task ApprovePurchase_NobodyAnswersAtAll_IsRejectedAutomaticallyAfterBothDeadlines()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, procurement) = await SampleScenarios.ApproveAsync(run, TimeSpan.FromMilliseconds(100), decideAt: null, decider: null);

        var status = instances[0];
        var outcome = status.ReadOutputAs<PurchaseOutcome>();
        Assert.Equal((false, "policy", true, null), (outcome.Approved, outcome.DecidedBy, outcome.Escalated, outcome.OrderNumber));
        Assert.Equal([1, 3], status.Events<TimerFiredEvent>().Select(e => e.TaskId));
        Assert.Empty(status.Events<EventRaisedEvent>());
        Assert.Equal([Names.SendApprovalRequest, Names.SendApprovalRequest, Names.NotifyRequester], status.ActivityCalls());
        Assert.Equal(3, procurement.Outbox.Count);
    }

    [ConformanceFact]
    public async Task ApprovePurchase_FirstApproverAnswersAfterTheEscalation_HerLateDecisionIsKeptAndUsed()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, procurement) = await SampleScenarios.ApproveAsync(run, TimeSpan.FromMilliseconds(100), Stages.AwaitingEscalation, "maria");

        var outcome = instances[0].ReadOutputAs<PurchaseOutcome>();
        Assert.Equal((true, "maria", true, "PO-1001"), (outcome.Approved, outcome.DecidedBy, outcome.Escalated, outcome.OrderNumber));
        Assert.Equal("PO-1001", procurement.Orders["purchase-1"]);
    }
}
