using WorkflowSdk.History;
using WorkflowSdk.Samples.Versioning;
using static WorkflowSdk.Samples.Versioning.VersioningWorkflow;

namespace WorkflowSdk.Conformance.Scenarios;

/// <summary>The Versioning sample: two versions of an orchestration side by side.</summary>
public abstract class VersioningScenarioTests : ConformanceTests
{
    [ConformanceFact]
    public async Task FulfillOrder_StartedOnVersion1_FinishesWithVersion1AfterVersion2BecomesTheDefault()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, warehouse) = await SampleScenarios.UpgradeWhileOrderWaitsAsync(run);

        var inFlight = instances[0];
        Assert.Equal(OrchestrationRuntimeStatus.Completed, inFlight.RuntimeStatus);
        Assert.Equal("1", Assert.Single(inFlight.Events<ExecutionStartedEvent>()).Version);
        Assert.Equal("1", inFlight.Version);
        Assert.Equal([Names.ReserveStock, Names.ShipOrder], inFlight.ActivityCalls());
        var result = inFlight.ReadOutputAs<FulfillmentResult>();
        Assert.Equal(("1", "standard", "TRK-ORDER-1"), (result.Version, result.ShippingMethod, result.TrackingNumber));
        Assert.DoesNotContain("fraud-check order-1", warehouse.Journal);
    }

    [ConformanceFact]
    public async Task FulfillOrder_StartedWithoutAVersionAfterTheUpgrade_RunsVersion2()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, warehouse) = await SampleScenarios.UpgradeWhileOrderWaitsAsync(run);

        var fresh = instances[1];
        Assert.Equal("2", Assert.Single(fresh.Events<ExecutionStartedEvent>()).Version);
        Assert.Equal([Names.CheckFraud, Names.ReserveStock, Names.ShipOrder], fresh.ActivityCalls());
        var result = fresh.ReadOutputAs<FulfillmentResult>();
        Assert.Equal(("2", "express", "Shipped"), (result.Version, result.ShippingMethod, result.Status));
        Assert.Equal(["fraud-check order-2", "reserve order-2", "ship order-2 express"], warehouse.Journal.Where(j => j.Split(' ')[1] == "order-2"));
    }

    [ConformanceFact]
    public async Task FulfillOrder_StartedWithVersion1Requested_RunsVersion1AlthoughVersion2IsTheDefault()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, _) = await SampleScenarios.UpgradeWhileOrderWaitsAsync(run);

        var pinned = instances[2];
        Assert.Equal("1", Assert.Single(pinned.Events<ExecutionStartedEvent>()).Version);
        Assert.Equal([Names.ReserveStock, Names.ShipOrder], pinned.ActivityCalls());
        Assert.Equal("standard", pinned.ReadOutputAs<FulfillmentResult>().ShippingMethod);
    }

    [ConformanceFact]
    public async Task FulfillOrder_Version2_HoldsASuspiciousOrderBeforeReservingStock()
    {
        await using var run = new ScenarioRun(CreateProvider());
        var warehouse = new Warehouse();
        AddVersion2(RegisterVersion1(run.Registry, warehouse), warehouse);
        await run.StartWorkerAsync();

        var status = await run.RunAsync(run.Client.StartFulfillOrderAsync(new Order("order-9", "Mallory", "Gold bars", 9_000m), "order-9"));

        var result = status.ReadOutputAs<FulfillmentResult>();
        Assert.Equal(("2", "Held for review (fraud score 91)", null), (result.Version, result.Status, result.TrackingNumber));
        Assert.Equal([Names.CheckFraud], status.ActivityCalls());
        Assert.Equal(["fraud-check order-9"], warehouse.Journal);
    }

    [ConformanceFact]
    public async Task FulfillOrder_Version1HistoryReplayedByVersion2CodeUnderOneUnversionedName_FailsAsNonDeterministic()
    {
        // What versions prevent: deploying version 2's code in place of version 1's while an order waits.
        await using var run = new ScenarioRun(CreateProvider());
        var warehouse = new Warehouse();
        var activities = new WarehouseActivities(warehouse);
        WorkflowRegistry Release(Func<OrchestrationContext, Order, Task<FulfillmentResult>> fulfill) => new WorkflowRegistry()
            .AddOrchestration(Names.FulfillOrder, fulfill)
            .AddActivity<Order, string>(Names.ReserveStock, activities.ReserveStock)
            .AddActivity<Order, FraudVerdict>(Names.CheckFraud, activities.CheckFraud)
            .AddActivity<ShipmentRequest, Shipment>(Names.ShipOrder, activities.ShipOrder);
        var old = await run.StartWorkerAsync(Release(FulfillOrderV1Async));
        await run.Client.StartOrchestrationAsync(Names.FulfillOrder, SampleScenarios.InFlightOrder, "order-1");
        await SampleScenarios.AwaitPaymentStageAsync(run, "order-1");
        await old.StopAsync();
        await run.StartWorkerAsync(Release(FulfillOrderV2Async));

        await run.Client.RaiseEventAsync("order-1", PaymentEvent, new PaymentReceived("PAY-1", 149m));
        var status = await run.Host.WaitAsync("order-1");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal(typeof(NonDeterminismException).FullName, status.FailureDetails!.ErrorType);
        Assert.Contains("step #0", status.FailureDetails.Message, StringComparison.Ordinal);
        Assert.Contains(Names.ReserveStock, status.FailureDetails.Message, StringComparison.Ordinal);
        Assert.Contains(Names.CheckFraud, status.FailureDetails.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ship order-1 standard", warehouse.Journal);
    }
}
