using static System.FormattableString;

namespace WorkflowSdk.Samples.HumanApproval;

/// <summary>
/// Human interaction with a deadline: asks the approver, waits for their decision as an external event with a
/// timeout, escalates when nobody answers in time, and rejects automatically if the escalation goes unanswered too.
/// </summary>
/// <remarks>
/// Waiting costs nothing: while it waits, the instance is a few rows in the store and its timeout is a durable timer,
/// so the wait can last days and survive restarts. The decision is raised with
/// the generated <c>new ApprovePurchaseHandle(client, instanceId).RaiseApprovalDecisionAsync(decision)</c> (the event is
/// declared with <see cref="ExternalEventAttribute{TData}"/>) from any process that can reach
/// the store: a web request handler, a chat bot, or this sample's <c>approve</c> command.
/// </remarks>
public static class HumanApprovalWorkflow
{
    public static class Names
    {
        public const string ApprovePurchase = "ApprovePurchase";
        public const string SendApprovalRequest = "SendApprovalRequest";
        public const string PlaceOrder = "PlaceOrder";
        public const string NotifyRequester = "NotifyRequester";
    }

    /// <summary>The external event carrying an <see cref="ApprovalDecision"/>.</summary>
    public const string DecisionEvent = "ApprovalDecision";

    [Orchestration(Names.ApprovePurchase)]
    [ExternalEvent<ApprovalDecision>(DecisionEvent)]
    public static async Task<PurchaseOutcome> ApprovePurchaseAsync(OrchestrationContext context, PurchaseRequest request)
    {
        var summary = Invariant($"{request.Item} for {request.Amount:0.00} (requested by {request.Requester})");
        await context.Activities.SendApprovalRequestAsync(new ApprovalNotice(request.RequestId, request.Approver, summary, request.ApprovalTimeout, Escalated: false));
        context.SetCustomStatus(new ApprovalProgress(Stages.AwaitingApprover, request.Approver));

        var escalated = false;
        var decision = await WaitForDecisionAsync(context, request.ApprovalTimeout);
        if (decision is null)
        {
            // Nobody answered in time: escalate. (A late answer from the first approver is kept, not lost, and
            // would be taken by the wait below.)
            escalated = true;
            await context.Activities.SendApprovalRequestAsync(
                new ApprovalNotice(request.RequestId, request.EscalationApprover, summary, request.EscalationTimeout, Escalated: true));
            context.SetCustomStatus(new ApprovalProgress(Stages.AwaitingEscalation, request.EscalationApprover));
            decision = await WaitForDecisionAsync(context, request.EscalationTimeout)
                ?? new ApprovalDecision(false, "policy", "nobody answered in time; rejected automatically");
        }

        context.SetCustomStatus(new ApprovalProgress(Stages.Decided, decision.DecidedBy));
        string? order = null;
        if (decision.Approved)
        {
            order = await context.Activities.PlaceOrderAsync(request);
        }

        var verdict = decision.Approved ? $"approved by {decision.DecidedBy}, order {order}" : $"rejected by {decision.DecidedBy}";
        await context.Activities.NotifyRequesterAsync(new RequesterNotice(request.RequestId, request.Requester, $"{summary}: {verdict}{(decision.Comment is null ? "" : $" ({decision.Comment})")}"));
        return new PurchaseOutcome(request.RequestId, decision.Approved, decision.DecidedBy, decision.Comment, escalated, order);
    }

    /// <summary>The approver's decision, or <see langword="null"/> when none arrives within <paramref name="timeout"/>.</summary>
    private static async Task<ApprovalDecision?> WaitForDecisionAsync(OrchestrationContext context, TimeSpan timeout)
    {
        try
        {
            return await context.WaitForExternalEvent<ApprovalDecision>(DecisionEvent, timeout);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Registers the orchestration and its activities (which work against <paramref name="procurement"/>) through the generated, reflection-free <c>AddGeneratedWorkflows</c>.</summary>
    /// <param name="registry">The registry to add to.</param>
    /// <param name="procurement">The (simulated) mail and purchasing systems.</param>
    /// <returns>The registry.</returns>
    public static WorkflowRegistry Register(WorkflowRegistry registry, Procurement procurement) =>
        registry.AddGeneratedWorkflows(new SampleServices(procurement));
}

/// <summary>The activities: adapters from durable calls to mail and purchasing.</summary>
public sealed class ProcurementActivities(Procurement procurement)
{
    [Activity(HumanApprovalWorkflow.Names.SendApprovalRequest)]
    public string SendApprovalRequest(ApprovalNotice notice) => procurement.SendApprovalRequest(notice);

    [Activity(HumanApprovalWorkflow.Names.PlaceOrder)]
    public string PlaceOrder(PurchaseRequest request) => procurement.PlaceOrder(request);

    [Activity(HumanApprovalWorkflow.Names.NotifyRequester)]
    public string NotifyRequester(RequesterNotice notice) => procurement.NotifyRequester(notice);
}
