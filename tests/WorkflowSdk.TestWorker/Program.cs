using WorkflowSdk;
using WorkflowSdk.Sqlite;
using WorkflowSdk.TestWorker;

// Usage: WorkflowSdk.TestWorker <database-file> <lease-milliseconds>
// Runs a worker on the file until killed (or until stdin closes).
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: WorkflowSdk.TestWorker <database-file> <lease-milliseconds>");
    return 2;
}

var lease = TimeSpan.FromMilliseconds(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
await using var backend = SqliteBackend.Open(args[0], new SqliteBackendOptions { LeaseDuration = lease, PollInterval = TimeSpan.FromMilliseconds(20) });
await using var worker = new WorkflowWorker(
    backend,
    CrashWorkflows.Register(new WorkflowRegistry()),
    new WorkflowWorkerOptions
    {
        ReceiveWait = TimeSpan.FromMilliseconds(100),
        ErrorRetryDelay = TimeSpan.FromMilliseconds(50),
        ActivityLeaseRenewalInterval = lease / 3,
    });
await worker.StartAsync();
Console.WriteLine("ready");
await Console.In.ReadToEndAsync();
return 0;
