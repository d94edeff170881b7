// Retry with backoff: RetryOptions against a flaky dependency, on the embedded SQLite backend.
//
//   dotnet run --project samples/RetryWithBackoff [-- --db <file>] [--verbose]
//
// The rates API is down for its first three calls: the conversion succeeds on the fourth attempt, after backoff delays
// of 200, 400 and 800 ms on durable timers. A second conversion asks for a currency the API does not know; retrying
// cannot help, so RetryOptions.Handle stops at the first failure and the instance fails with the API's error.
using WorkflowSdk;
using WorkflowSdk.Samples;
using WorkflowSdk.Samples.RetryWithBackoff;

await using var host = SampleHost.Open("RetryWithBackoff", args);
var api = new RatesApi(outageCalls: 3, log: line => Console.WriteLine($"      [rates api] {line}"));
await host.StartWorkerAsync(RetryWithBackoffWorkflow.Register(new WorkflowRegistry(), api));

Console.WriteLine("WorkflowSdk sample: retries with exponential backoff");
host.PrintDatabase();

var ok = new ConversionRequest(SampleHost.NewInstanceId("convert"), 250m, "EUR", "USD");
Console.WriteLine($"1) Convert {ok.Amount} {ok.From} to {ok.To} while the API is down for 3 calls ({ok.RequestId}):");
var status = await host.RunAsync(host.Client.StartConvertCurrencyAsync(ok, ok.RequestId));
var conversion = status.ReadOutputAs<Conversion>();
Console.WriteLine($"  => {conversion.Amount} {conversion.From} = {conversion.Converted} {conversion.To} at {conversion.Rate}");
Console.WriteLine();
Timeline.Print(status);

var bad = new ConversionRequest(SampleHost.NewInstanceId("convert"), 10m, "EUR", "XYZ");
Console.WriteLine($"2) Convert {bad.Amount} {bad.From} to {bad.To}, a currency the API does not know ({bad.RequestId}):");
status = await host.RunAsync(host.Client.StartConvertCurrencyAsync(bad, bad.RequestId));
Console.WriteLine($"  => {status.RuntimeStatus}: {status.FailureDetails!.Message}");
Console.WriteLine();
Timeline.Print(status);
