// Quote with timeout: a durable-timer race (GetQuote pattern), on the embedded SQLite backend.
//
//   dotnet run --project samples/QuoteWithTimeout [-- --db <file>] [--verbose]
//
// Two price requests with a one-second deadline: Acme answers in 0.1 s and wins (the deadline timer is cancelled and
// never fires); Slowpoke takes 3 s, the timer wins, and the customer gets the list price without waiting.
using WorkflowSdk;
using WorkflowSdk.Samples;
using WorkflowSdk.Samples.QuoteWithTimeout;

await using var host = SampleHost.Open("QuoteWithTimeout", args);
using var desk = new SupplierDesk(
    new Dictionary<string, TimeSpan> { ["Acme Freight"] = TimeSpan.FromSeconds(0.1), ["Slowpoke Logistics"] = TimeSpan.FromSeconds(3) },
    log: line => Console.WriteLine($"      [suppliers] {line}"));
await host.StartWorkerAsync(QuoteWithTimeoutWorkflow.Register(new WorkflowRegistry(), desk));

Console.WriteLine("WorkflowSdk sample: quote with timeout (WhenAny over a durable timer and an activity)");
host.PrintDatabase();

QuoteRequest[] requests =
[
    new(SampleHost.NewInstanceId("quote"), "Acme Freight", "euro-pallet", 40, TimeSpan.FromSeconds(1)),
    new(SampleHost.NewInstanceId("quote"), "Slowpoke Logistics", "euro-pallet", 40, TimeSpan.FromSeconds(1)),
];
foreach (var request in requests)
{
    Console.WriteLine($"{request.Quantity} x {request.Item} from {request.Supplier}, deadline {request.Deadline.TotalSeconds:0} s ({request.RequestId}):");
    var status = await host.RunAsync(host.Client.StartGetQuoteAsync(request, request.RequestId));
    var outcome = status.ReadOutputAs<QuoteOutcome>();
    Console.WriteLine($"  => {outcome.Quote.Total:0.00} ({outcome.Quote.UnitPrice:0.00} per unit from {outcome.Quote.Supplier}): {outcome.Note}");
    Console.WriteLine();
    Timeline.Print(status);
}
