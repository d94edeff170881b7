// Funds transfer: error handling with compensation, on the embedded SQLite backend.
//
//   dotnet run --project samples/FundsTransfer [-- --db <file>] [--verbose]
//
// Three transfers: one goes through; one is credited to a frozen account, fails, and is refunded (compensation);
// one is refused at the debit for insufficient funds, so nothing needs undoing.
using WorkflowSdk;
using WorkflowSdk.Samples;
using WorkflowSdk.Samples.FundsTransfer;

await using var host = SampleHost.Open("FundsTransfer", args);
var bank = new Bank(log: line => Console.WriteLine($"      [bank] {line}"))
    .Open("alice", "Alice", 1_000m)
    .Open("bob", "Bob", 50m)
    .Open("carol", "Carol", 0m, frozen: true);
await host.StartWorkerAsync(FundsTransferWorkflow.Register(new WorkflowRegistry(), bank));

Console.WriteLine("WorkflowSdk sample: funds transfer (error handling and compensation)");
host.PrintDatabase();
PrintBalances();

TransferRequest[] transfers =
[
    new(SampleHost.NewInstanceId("transfer"), "alice", "bob", 100m),
    new(SampleHost.NewInstanceId("transfer"), "alice", "carol", 250m),
    new(SampleHost.NewInstanceId("transfer"), "bob", "alice", 5_000m),
];
foreach (var transfer in transfers)
{
    Console.WriteLine($"Transfer {transfer.Amount:0.00} from {transfer.FromAccount} to {transfer.ToAccount} ({transfer.TransferId}):");
    var status = await host.RunAsync(host.Client.StartTransferFundsAsync(transfer, transfer.TransferId));
    var result = status.ReadOutputAs<TransferResult>();
    Console.WriteLine($"  => {result.Status}: {result.Detail}");
    Console.WriteLine();
    Timeline.Print(status);
}

PrintBalances();

void PrintBalances() =>
    Console.WriteLine($"Balances: alice {bank.BalanceOf("alice"):0.00}, bob {bank.BalanceOf("bob"):0.00}, carol {bank.BalanceOf("carol"):0.00} (frozen){Environment.NewLine}");
