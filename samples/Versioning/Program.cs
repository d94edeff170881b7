// Versioning: two versions of an orchestration side by side, on the embedded SQLite backend.
//
//   dotnet run --project samples/Versioning [-- --db <file>] [--verbose]
//
// Release 1 runs FulfillOrder version 1; an order starts and waits for its payment. Release 2 is deployed (the worker
// is replaced) with versions 1 and 2, 2 being the default. The waiting order finishes with version 1's steps; a new
// order gets version 2 (fraud check first, express shipping); a third is started explicitly on version 1.
// client.StartFulfillOrderAsync (generated because both versions share a name and a signature) names no version, so
// the worker runs its default; client.StartFulfillOrderV1Async / V2Async start the version their method implements.
using WorkflowSdk;
using WorkflowSdk.History;
using WorkflowSdk.Samples;
using WorkflowSdk.Samples.Versioning;

await using var host = SampleHost.Open("Versioning", args);
var warehouse = new Warehouse(log: line => Console.WriteLine($"      [warehouse] {line}"));

Console.WriteLine("WorkflowSdk sample: versioning (two versions of an orchestration side by side)");
host.PrintDatabase();

// Release 1.
Console.WriteLine("Release 1 is running: FulfillOrder v1.");
var release1 = await host.StartWorkerAsync(VersioningWorkflow.RegisterVersion1(new WorkflowRegistry(), warehouse));
var inFlight = new Order(SampleHost.NewInstanceId("order"), "Ada", "Mechanical keyboard", 149m);
await host.Client.StartFulfillOrderAsync(inFlight, inFlight.OrderId);
await AwaitPaymentStageAsync(inFlight.OrderId);
Console.WriteLine($"  {inFlight.OrderId} started (no version asked: the default, 1) and now waits for its payment.");
Console.WriteLine();

// Release 2: stop the old worker, start one that knows both versions.
await SampleHost.StopWorkerAsync(release1, grace: TimeSpan.FromSeconds(5));
Console.WriteLine("Release 2 is deployed: the worker is replaced by one that runs FulfillOrder v1 and v2 (v2 is the default).");
var release2Registry = VersioningWorkflow.AddVersion2(VersioningWorkflow.RegisterVersion1(new WorkflowRegistry(), warehouse), warehouse);
await host.StartWorkerAsync(release2Registry);

var newOrder = new Order(SampleHost.NewInstanceId("order"), "Grace", "Oscilloscope", 890m);
await host.Client.StartFulfillOrderAsync(newOrder, newOrder.OrderId);
var pinned = new Order(SampleHost.NewInstanceId("order"), "Alan", "Soldering iron", 59m);
await host.Client.StartFulfillOrderV1Async(pinned, pinned.OrderId);
Console.WriteLine($"  {newOrder.OrderId} started with no version asked (gets 2); {pinned.OrderId} started with StartFulfillOrderV1Async.");
await AwaitPaymentStageAsync(newOrder.OrderId);
await AwaitPaymentStageAsync(pinned.OrderId);
Console.WriteLine();

Console.WriteLine("Payments arrive for all three orders:");
foreach (var order in new[] { inFlight, newOrder, pinned })
{
    await new OrchestrationHandle(host.Client, order.OrderId).RaiseEventAsync(VersioningWorkflow.PaymentEvent, new PaymentReceived($"PAY-{order.OrderId}", order.Amount));
}

var statuses = new List<OrchestrationStatus>();
foreach (var order in new[] { inFlight, newOrder, pinned })
{
    statuses.Add(await host.WaitForCompletionAsync(order.OrderId));
}

Console.WriteLine();
Console.WriteLine($"  {"order",-13} {"version",-8} {"steps",-38} shipping");
foreach (var status in statuses)
{
    var result = status.ReadOutputAs<FulfillmentResult>();
    var recorded = status.History!.OfType<ExecutionStartedEvent>().Single().Version;
    Console.WriteLine($"  {result.OrderId,-13} {recorded,-8} {string.Join(" > ", result.Steps),-38} {result.ShippingMethod} {result.TrackingNumber}");
}

Console.WriteLine();
Console.WriteLine($"{inFlight.OrderId} was started on release 1 and finished on release 2 with version 1's steps: its history records");
Console.WriteLine("the version it started with, and replays always run that version's code.");
Console.WriteLine();
foreach (var status in statuses)
{
    Timeline.Print(status);
}

Task AwaitPaymentStageAsync(string orderId) =>
    host.WaitUntilAsync(orderId, s => s.Record.CustomStatus is not null && s.ReadCustomStatusAs<string>() == VersioningWorkflow.AwaitingPayment);
