namespace WorkflowSdk.Samples.Versioning;

/// <summary>
/// Two versions of one orchestration, <c>FulfillOrder</c>, registered side by side. Version 2 adds a fraud check
/// <em>before</em> reserving stock and ships large orders express. An instance keeps the version it started with:
/// its <see cref="History.ExecutionStartedEvent"/> records it, and every replay runs that version's code, so an order
/// that was waiting for payment when version 2 was deployed still finishes with version 1's steps. New starts get the
/// default version (the highest registered, unless one is registered with <c>isDefault: true</c>), or the one asked
/// for in <see cref="StartOrchestrationOptions.Version"/>.
/// </summary>
/// <remarks>
/// Replacing version 1's code with version 2's under the same unversioned name would break the waiting orders: their
/// history says step #0 reserved stock, the new code's step #0 checks for fraud, and replay fails them with a
/// <see cref="NonDeterminismException"/>. Versions let both codes live until the old instances have drained.
/// </remarks>
public static class VersioningWorkflow
{
    public static class Names
    {
        public const string FulfillOrder = "FulfillOrder";
        public const string ReserveStock = "ReserveStock";
        public const string CheckFraud = "CheckFraud";
        public const string ShipOrder = "ShipOrder";
    }

    /// <summary>The external event that says an order was paid.</summary>
    public const string PaymentEvent = "PaymentReceived";

    /// <summary>The custom status while an order waits for its payment.</summary>
    public const string AwaitingPayment = "AwaitingPayment";

    [Orchestration(Names.FulfillOrder, Version = "1")]
    public static async Task<FulfillmentResult> FulfillOrderV1Async(OrchestrationContext context, Order order)
    {
        await context.Activities.ReserveStockAsync(order);
        context.SetCustomStatus(AwaitingPayment);
        await context.WaitForExternalEvent<PaymentReceived>(PaymentEvent);
        var shipment = await context.Activities.ShipOrderAsync(new ShipmentRequest(order.OrderId, "standard"));
        return new FulfillmentResult(order.OrderId, context.Version, [Names.ReserveStock, Names.ShipOrder], "Shipped", shipment.TrackingNumber, shipment.Method);
    }

    [Orchestration(Names.FulfillOrder, Version = "2")]
    public static async Task<FulfillmentResult> FulfillOrderV2Async(OrchestrationContext context, Order order)
    {
        var verdict = await context.Activities.CheckFraudAsync(order);
        if (verdict.Suspicious)
        {
            return new FulfillmentResult(order.OrderId, context.Version, [Names.CheckFraud], $"Held for review (fraud score {verdict.Score})", null, null);
        }

        await context.Activities.ReserveStockAsync(order);
        context.SetCustomStatus(AwaitingPayment);
        await context.WaitForExternalEvent<PaymentReceived>(PaymentEvent);
        var method = order.Amount >= 100m ? "express" : "standard";
        var shipment = await context.Activities.ShipOrderAsync(new ShipmentRequest(order.OrderId, method));
        return new FulfillmentResult(
            order.OrderId, context.Version, [Names.CheckFraud, Names.ReserveStock, Names.ShipOrder], "Shipped", shipment.TrackingNumber, shipment.Method);
    }

    /// <summary>What release 1 of the application registers: version 1 and its activities (not version 2, nor the activity only it calls).</summary>
    /// <param name="registry">The registry to add to.</param>
    /// <param name="warehouse">The (simulated) warehouse.</param>
    /// <returns>The registry.</returns>
    public static WorkflowRegistry RegisterVersion1(WorkflowRegistry registry, Warehouse warehouse) =>
        registry.AddGeneratedWorkflows(new SampleServices(warehouse), include: w => w.Version != "2" && w.Name != Names.CheckFraud);

    /// <summary>
    /// What release 2 adds to release 1's registrations: version 2 (now the default, being the highest) and the
    /// activity only it calls. Release 2 keeps version 1 registered so that orders started on it can finish.
    /// </summary>
    /// <param name="registry">A registry that has <see cref="RegisterVersion1"/>'s registrations.</param>
    /// <param name="warehouse">The (simulated) warehouse.</param>
    /// <returns>The registry.</returns>
    public static WorkflowRegistry AddVersion2(WorkflowRegistry registry, Warehouse warehouse) =>
        registry.AddGeneratedWorkflows(new SampleServices(warehouse), include: w => w.Version == "2" || w.Name == Names.CheckFraud);
}

/// <summary>The activities: adapters from durable calls to the warehouse.</summary>
public sealed class WarehouseActivities(Warehouse warehouse)
{
    [Activity(VersioningWorkflow.Names.ReserveStock)]
    public string ReserveStock(Order order) => warehouse.ReserveStock(order);

    [Activity(VersioningWorkflow.Names.CheckFraud)]
    public FraudVerdict CheckFraud(Order order) => warehouse.CheckFraud(order);

    [Activity(VersioningWorkflow.Names.ShipOrder)]
    public Shipment ShipOrder(ShipmentRequest request) => warehouse.Ship(request);
}
