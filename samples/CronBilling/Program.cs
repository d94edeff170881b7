// Cron billing: an eternal orchestration (ContinueAsNew) that bills customers through sub-orchestrations.
//
//   dotnet run --project samples/CronBilling [-- --db <file>] [--verbose]
//
// Runs three billing cycles one second apart. Contoso pays; Globex's card network times out once per invoice and the
// charge is retried; Initech's card has expired, so its bill fails and a dunning notice goes out.
using WorkflowSdk;
using WorkflowSdk.History;
using WorkflowSdk.Samples;
using WorkflowSdk.Samples.CronBilling;

await using var host = SampleHost.Open("CronBilling", args);
var gateway = new PaymentGateway(log: line => Console.WriteLine($"      [payments] {line}"));
await host.StartWorkerAsync(CronBillingWorkflow.Register(new WorkflowRegistry(), gateway));

Console.WriteLine("WorkflowSdk sample: cron billing (sub-orchestrations, retries, durable timers, ContinueAsNew)");
host.PrintDatabase();

Customer[] customers =
[
    new("contoso", "Contoso Ltd", "Team", 49m, "tok_ok"),
    new("globex", "Globex Corp", "Business", 199m, "tok_flaky"),
    new("initech", "Initech", "Starter", 19m, "tok_expired"),
];
var scheduleId = SampleHost.NewInstanceId("billing");
var schedule = new BillingSchedule(Cycle: 1, CyclesToRun: 3, Period: TimeSpan.FromSeconds(1), customers, Completed: []);
Console.WriteLine($"Billing {customers.Length} customers every {schedule.Period.TotalSeconds:0} s for {schedule.CyclesToRun} cycles ({scheduleId}):");
var status = await host.RunAsync(host.Client.StartBillingScheduleAsync(schedule, scheduleId));
var report = status.ReadOutputAs<BillingReport>();

Console.WriteLine();
foreach (var cycle in report.CycleSummaries)
{
    Console.WriteLine($"Cycle {cycle.Cycle}: billed {cycle.Billed:0.00}, collected {cycle.Collected:0.00}");
    foreach (var bill in cycle.Bills)
    {
        Console.WriteLine($"  {bill.CustomerId,-8} {bill.Amount,7:0.00}  {(bill.Paid ? "paid " + bill.PaymentId : "UNPAID: " + bill.Problem)}");
    }
}

var generation = status.History!.OfType<ExecutionStartedEvent>().Single().Generation;
Console.WriteLine($"Total: billed {report.TotalBilled:0.00}, collected {report.TotalCollected:0.00} in {report.Cycles} cycles.");
Console.WriteLine($"The schedule ran as {generation + 1} executions of one instance (ContinueAsNew); the history below is only the last one's.");
Console.WriteLine();
Timeline.Print(status);

Console.WriteLine("The sub-orchestrations of the last cycle, each with its own instance id and history:");
foreach (var customer in customers.Skip(1))
{
    var child = await host.Client.GetStatusAsync(CronBillingWorkflow.BillInstanceId(scheduleId, report.Cycles, customer.CustomerId), includeHistory: true);
    Timeline.Print(child!);
}
