using WorkflowSdk.Samples.CronBilling;
using WorkflowSdk.Samples.FundsTransfer;
using WorkflowSdk.Samples.HumanApproval;
using WorkflowSdk.Samples.QuoteWithTimeout;
using WorkflowSdk.Samples.RetryWithBackoff;
using WorkflowSdk.Samples.TripBooking;
using WorkflowSdk.Samples.VideoEncoding;
using WorkflowSdk.Samples.Versioning;

namespace WorkflowSdk.Conformance.Scenarios;

/// <summary>
/// Drives each sample's scenario on a <see cref="ScenarioRun"/>: registers the sample's own orchestrations and
/// activities (its <c>Register</c> methods), runs the instances the way the sample program does, and returns their
/// final statuses with history, plus the simulated outside world to assert on. Inputs and instance ids are fixed, so
/// two runs of a scenario can be compared.
/// </summary>
public static class SampleScenarios
{
    /// <summary>A scenario's instances (parents first) and its simulated outside world.</summary>
    /// <typeparam name="TWorld">The world's type.</typeparam>
    /// <param name="Instances">The final status of every instance, with history.</param>
    /// <param name="World">The simulated services the activities called.</param>
    public sealed record Outcome<TWorld>(IReadOnlyList<OrchestrationStatus> Instances, TWorld World)
    {
        /// <summary>The first (main) instance.</summary>
        public OrchestrationStatus Status => Instances[0];
    }

    /// <summary>Every scenario path by name, for tests that run them all; the flag marks concurrent steps.</summary>
    public static IReadOnlyDictionary<string, (bool HasConcurrentSteps, Func<ScenarioRun, Task<IReadOnlyList<OrchestrationStatus>>> Run)> All { get; } =
        new Dictionary<string, (bool, Func<ScenarioRun, Task<IReadOnlyList<OrchestrationStatus>>>)>
        {
            ["TripBooking/booked"] = (false, async run => (await BookTripAsync(run, "Lisbon")).Instances),
            ["TripBooking/compensated"] = (false, async run => (await BookTripAsync(run, "Reykjavik")).Instances),
            ["VideoEncoding"] = (true, async run => (await EncodeVideoAsync(run, sourceHeight: 1080)).Instances),
            ["CronBilling"] = (true, async run => (await BillAsync(run, cycles: 2, TimeSpan.FromMilliseconds(50))).Instances),
            ["FundsTransfer/completed"] = (false, async run => (await TransferAsync(run, "alice", "bob", 100m)).Instances),
            ["FundsTransfer/refunded"] = (false, async run => (await TransferAsync(run, "alice", "carol", 250m)).Instances),
            ["FundsTransfer/rejected"] = (false, async run => (await TransferAsync(run, "bob", "alice", 5_000m)).Instances),
            ["RetryWithBackoff/recovered"] = (false, async run => (await ConvertAsync(run, "USD", outageCalls: 2)).Instances),
            ["RetryWithBackoff/not-retried"] = (false, async run => (await ConvertAsync(run, "XYZ", outageCalls: 0)).Instances),
            ["QuoteWithTimeout/supplier-wins"] = (false, async run => (await QuoteAsync(run, TimeSpan.Zero, TimeSpan.FromSeconds(30))).Instances),
            ["QuoteWithTimeout/timer-wins"] = (false, async run => (await QuoteAsync(run, TimeSpan.FromHours(1), TimeSpan.FromMilliseconds(100))).Instances),
            ["HumanApproval/in-time"] = (false, async run => (await ApproveAsync(run, TimeSpan.FromSeconds(30), Stages.AwaitingApprover, "maria")).Instances),
            ["HumanApproval/escalated"] = (false, async run => (await ApproveAsync(run, TimeSpan.FromMilliseconds(100), Stages.AwaitingEscalation, "dana")).Instances),
            ["HumanApproval/auto-rejected"] = (false, async run => (await ApproveAsync(run, TimeSpan.FromMilliseconds(100), decideAt: null, decider: null)).Instances),
            ["Versioning"] = (false, async run => (await UpgradeWhileOrderWaitsAsync(run)).Instances),
        };

    public static async Task<Outcome<TravelAgency>> BookTripAsync(ScenarioRun run, string destination, TimeSpan latency = default)
    {
        var agency = new TravelAgency(latency);
        TripBookingWorkflow.Register(run.Registry, agency);
        await run.StartWorkerAsync();
        var trip = Trip(destination);
        return new([await run.RunAsync(run.Client.StartBookTripAsync(trip, trip.TripId))], agency);
    }

    public static TripRequest Trip(string destination) =>
        new("trip-1", "Ada Lovelace", "London", destination, new DateOnly(2026, 5, 4), new DateOnly(2026, 5, 9));

    public static EncodeVideoRequest Video(int sourceHeight) =>
        new("video-1", "Durable workflows in ten minutes", "s3://uploads/video-1.mov", sourceHeight, DurationSeconds: 600);

    public static async Task<Outcome<EncodingFarm>> EncodeVideoAsync(ScenarioRun run, int sourceHeight)
    {
        var farm = new EncodingFarm();
        VideoEncodingWorkflow.Register(run.Registry, farm);
        await run.StartWorkerAsync();
        var video = Video(sourceHeight);
        return new([await run.RunAsync(run.Client.StartEncodeVideoAsync(video, video.VideoId))], farm);
    }

    public static readonly Customer[] Customers =
    [
        new("contoso", "Contoso Ltd", "Team", 49m, "tok_ok"),
        new("globex", "Globex Corp", "Business", 199m, "tok_flaky"),
        new("initech", "Initech", "Starter", 19m, "tok_expired"),
    ];

    /// <summary>The schedule's instance first, then every bill's sub-orchestration, cycle by cycle.</summary>
    public static async Task<Outcome<PaymentGateway>> BillAsync(ScenarioRun run, int cycles, TimeSpan period)
    {
        var gateway = new PaymentGateway();
        CronBillingWorkflow.Register(run.Registry, gateway);
        await run.StartWorkerAsync();
        const string ScheduleId = "billing-1";
        var schedule = await run.RunAsync(run.Client.StartBillingScheduleAsync(new BillingSchedule(1, cycles, period, Customers, []), ScheduleId));
        var instances = new List<OrchestrationStatus> { schedule };
        for (var cycle = 1; cycle <= cycles; cycle++)
        {
            foreach (var customer in Customers)
            {
                instances.Add(await run.GetAsync(CronBillingWorkflow.BillInstanceId(ScheduleId, cycle, customer.CustomerId)));
            }
        }

        return new(instances, gateway);
    }

    public static Bank NewBank() => new Bank()
        .Open("alice", "Alice", 1_000m)
        .Open("bob", "Bob", 50m)
        .Open("carol", "Carol", 0m, frozen: true);

    public static async Task<Outcome<Bank>> TransferAsync(ScenarioRun run, string from, string to, decimal amount)
    {
        var bank = NewBank();
        FundsTransferWorkflow.Register(run.Registry, bank);
        await run.StartWorkerAsync();
        var transfer = new TransferRequest("transfer-1", from, to, amount);
        return new([await run.RunAsync(run.Client.StartTransferFundsAsync(transfer, transfer.TransferId))], bank);
    }

    public static async Task<Outcome<RatesApi>> ConvertAsync(ScenarioRun run, string to, int outageCalls)
    {
        var api = new RatesApi(outageCalls);
        RetryWithBackoffWorkflow.Register(run.Registry, api);
        await run.StartWorkerAsync();
        var request = new ConversionRequest("convert-1", 250m, "EUR", to);
        return new([await run.RunAsync(run.Client.StartConvertCurrencyAsync(request, request.RequestId))], api);
    }

    /// <summary>A quote from "Acme", which answers after <paramref name="supplierResponseTime"/>; the desk is abandoned when the run ends.</summary>
    public static async Task<Outcome<SupplierDesk>> QuoteAsync(ScenarioRun run, TimeSpan supplierResponseTime, TimeSpan deadline, string supplier = "Acme")
    {
        var desk = run.Own(new SupplierDesk(new Dictionary<string, TimeSpan> { ["Acme"] = supplierResponseTime }));
        QuoteWithTimeoutWorkflow.Register(run.Registry, desk);
        await run.StartWorkerAsync();
        var request = new QuoteRequest("quote-1", supplier, "euro-pallet", 40, deadline);
        return new([await run.RunAsync(run.Client.StartGetQuoteAsync(request, request.RequestId))], desk);
    }

    public static PurchaseRequest Purchase(TimeSpan approvalTimeout, TimeSpan escalationTimeout) => new(
        "purchase-1", "sam", "Conference tickets", 2_900m, "maria", "dana", approvalTimeout, escalationTimeout);

    /// <summary>
    /// A purchase whose approver has <paramref name="approvalTimeout"/>; once the instance reaches stage
    /// <paramref name="decideAt"/>, <paramref name="decider"/> approves it through a client on a second backend handle
    /// (as the sample's <c>approve</c> command, another process, would). No decision when <paramref name="decideAt"/> is null.
    /// </summary>
    public static async Task<Outcome<Procurement>> ApproveAsync(
        ScenarioRun run, TimeSpan approvalTimeout, string? decideAt, string? decider, bool approve = true, TimeSpan? escalationTimeout = null)
    {
        var procurement = new Procurement();
        HumanApprovalWorkflow.Register(run.Registry, procurement);
        await run.StartWorkerAsync();
        var request = Purchase(approvalTimeout, escalationTimeout ?? (decideAt is null ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(30)));
        await run.Client.StartApprovePurchaseAsync(request, request.RequestId);
        if (decideAt is not null)
        {
            await run.Host.WaitUntilAsync(request.RequestId, s => Stage(s) == decideAt, decideAt);
            var secondClient = new WorkflowClient(run.Host.NewBackend());
            await new ApprovePurchaseHandle(secondClient, request.RequestId).RaiseApprovalDecisionAsync(new ApprovalDecision(approve, decider!, "from the test"));
        }

        return new([await run.Host.WaitAsync(request.RequestId)], procurement);
    }

    public static string? Stage(OrchestrationStatus status) =>
        status.Record.CustomStatus is null ? null : status.ReadCustomStatusAs<ApprovalProgress>().Stage;

    public static readonly Order InFlightOrder = new("order-1", "Ada", "Mechanical keyboard", 149m);
    public static readonly Order NewOrder = new("order-2", "Grace", "Oscilloscope", 890m);
    public static readonly Order PinnedOrder = new("order-3", "Alan", "Soldering iron", 59m);

    /// <summary>
    /// The Versioning sample's story: release 1 (version 1 only) starts <see cref="InFlightOrder"/>, which waits for its
    /// payment; release 2 (versions 1 and 2) replaces the worker and starts <see cref="NewOrder"/> with no version and
    /// <see cref="PinnedOrder"/> on version 1; then all three are paid. Instances in that order.
    /// </summary>
    public static async Task<Outcome<Warehouse>> UpgradeWhileOrderWaitsAsync(ScenarioRun run)
    {
        var warehouse = new Warehouse();
        var release1 = await run.StartWorkerAsync(VersioningWorkflow.RegisterVersion1(new WorkflowRegistry(), warehouse));
        await run.Client.StartFulfillOrderAsync(InFlightOrder, InFlightOrder.OrderId);
        await AwaitPaymentStageAsync(run, InFlightOrder.OrderId);
        await release1.StopAsync();

        await run.StartWorkerAsync(VersioningWorkflow.AddVersion2(VersioningWorkflow.RegisterVersion1(new WorkflowRegistry(), warehouse), warehouse));
        await run.Client.StartFulfillOrderAsync(NewOrder, NewOrder.OrderId);
        await run.Client.StartFulfillOrderV1Async(PinnedOrder, PinnedOrder.OrderId);
        var instances = new List<OrchestrationStatus>();
        foreach (var order in new[] { InFlightOrder, NewOrder, PinnedOrder })
        {
            await AwaitPaymentStageAsync(run, order.OrderId);
            await new OrchestrationHandle(run.Client, order.OrderId).RaiseEventAsync(VersioningWorkflow.PaymentEvent, new PaymentReceived($"PAY-{order.OrderId}", order.Amount));
            instances.Add(await run.Host.WaitAsync(order.OrderId));
        }

        return new(instances, warehouse);
    }

    public static Task AwaitPaymentStageAsync(ScenarioRun run, string orderId) =>
        run.Host.WaitUntilAsync(orderId, s => s.Record.CustomStatus is not null && s.ReadCustomStatusAs<string>() == VersioningWorkflow.AwaitingPayment, "awaiting payment");
}
