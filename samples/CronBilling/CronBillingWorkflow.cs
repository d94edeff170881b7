namespace WorkflowSdk.Samples.CronBilling;

/// <summary>
/// An eternal orchestration in the cron style: each execution bills one cycle, sleeps until the next period on a
/// durable timer, then starts over with <see cref="OrchestrationContext.ContinueAsNew"/> and the next cycle's state, so
/// its history never grows. Each customer is billed by a sub-orchestration of its own, in parallel, whose card charge
/// is retried with backoff.
/// </summary>
public static class CronBillingWorkflow
{
    public static class Names
    {
        public const string BillingSchedule = "BillingSchedule";
        public const string BillCustomer = "BillCustomer";
        public const string CreateInvoice = "CreateInvoice";
        public const string ChargeCard = "ChargeCard";
        public const string SendDunningNotice = "SendDunningNotice";
    }

    /// <summary>Card networks time out now and then: try three times, waiting 100 ms then 200 ms.</summary>
    public static readonly RetryOptions ChargeRetry = new(TimeSpan.FromMilliseconds(100), maxNumberOfAttempts: 3) { BackoffCoefficient = 2 };

    /// <summary>The sub-orchestration instance id of a customer's bill in a cycle: readable and unique per cycle.</summary>
    public static string BillInstanceId(string scheduleInstanceId, int cycle, string customerId) => $"{scheduleInstanceId}:cycle-{cycle}:{customerId}";

    [Orchestration(Names.BillingSchedule)]
    public static async Task<BillingReport> RunScheduleAsync(OrchestrationContext context, BillingSchedule schedule)
    {
        context.SetCustomStatus($"cycle {schedule.Cycle} of {schedule.CyclesToRun}");
        var bills = await Task.WhenAll(schedule.Customers.Select(customer => BillAsync(context, schedule.Cycle, customer)));
        var summary = new CycleSummary(schedule.Cycle, bills.Sum(b => b.Amount), bills.Where(b => b.Paid).Sum(b => b.Amount), bills);
        var completed = schedule.Completed.Append(summary).ToList();

        if (schedule.Cycle >= schedule.CyclesToRun)
        {
            return new BillingReport(completed.Count, completed.Sum(c => c.Billed), completed.Sum(c => c.Collected), completed);
        }

        // Sleep until the next period. The timer is a row in the store: no process has to stay up meanwhile.
        await context.CreateTimer(schedule.Period);

        // Start over as a fresh execution (same instance id, empty history) with the next cycle's state.
        context.ContinueAsNew(schedule with { Cycle = schedule.Cycle + 1, Completed = completed });
        return new BillingReport(completed.Count, completed.Sum(c => c.Billed), completed.Sum(c => c.Collected), completed); // ignored
    }

    private static async Task<CustomerBill> BillAsync(OrchestrationContext context, int cycle, Customer customer)
    {
        string reason;
        try
        {
            return await context.SubOrchestrations.BillCustomerAsync(
                new BillCustomerRequest(cycle, customer), instanceId: BillInstanceId(context.InstanceId, cycle, customer.CustomerId));
        }
        catch (SubOrchestrationFailedException failed)
        {
            // The child's failure arrives with the original error (type, message, stack) as data.
            reason = failed.FailureDetails.InnerFailure?.Message ?? failed.FailureDetails.Message;
        }

        // Act on the failure outside the handler (WF0004): record it there, await here.
        await context.Activities.SendDunningNoticeAsync(new DunningNotice(customer.CustomerId, cycle, reason));
        return new CustomerBill(customer.CustomerId, cycle, customer.MonthlyFee, Paid: false, PaymentId: null, reason);
    }

    [Orchestration(Names.BillCustomer)]
    public static async Task<CustomerBill> BillCustomerAsync(OrchestrationContext context, BillCustomerRequest request)
    {
        var invoice = await context.Activities.CreateInvoiceAsync(request);
        var payment = await context.Activities.ChargeCardAsync(new ChargeRequest(invoice, request.Customer.CardToken), ChargeRetry);
        return new CustomerBill(request.Customer.CustomerId, request.Cycle, invoice.Amount, Paid: true, payment.PaymentId, Problem: null);
    }

    /// <summary>Registers both orchestrations and their activities (which work against <paramref name="gateway"/>) through the generated, reflection-free <c>AddGeneratedWorkflows</c>.</summary>
    /// <param name="registry">The registry to add to.</param>
    /// <param name="gateway">The (simulated) payment gateway.</param>
    /// <returns>The registry.</returns>
    public static WorkflowRegistry Register(WorkflowRegistry registry, PaymentGateway gateway) =>
        registry.AddGeneratedWorkflows(new SampleServices(gateway));
}

/// <summary>The activities: adapters from durable calls to invoicing and the payment gateway.</summary>
public sealed class BillingActivities(PaymentGateway gateway)
{
    [Activity(CronBillingWorkflow.Names.CreateInvoice)]
    public static Invoice CreateInvoice(BillCustomerRequest request) => PaymentGateway.CreateInvoice(request);

    [Activity(CronBillingWorkflow.Names.ChargeCard)]
    public Payment ChargeCard(ChargeRequest request) => gateway.Charge(request);

    [Activity(CronBillingWorkflow.Names.SendDunningNotice)]
    public string SendDunningNotice(DunningNotice notice) => gateway.SendDunningNotice(notice);
}
