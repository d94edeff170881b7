using WorkflowSdk;
using WorkflowSdk.Backends;
using WorkflowSdk.MongoDB;
using WorkflowSdk.Sqlite;
using WorkflowSdk.TestWorker;

// Usage: WorkflowSdk.MongoDB.TestWorker <database> <transport-file> <lease-milliseconds>
// The server's URI comes from WORKFLOWSDK_MONGODB_URI (not the command line, where other users could read a password).
// Runs a worker on the MongoDB store + SQLite transport until killed (or until stdin closes).
if (args.Length != 3 || Environment.GetEnvironmentVariable("WORKFLOWSDK_MONGODB_URI") is not { Length: > 0 } uri)
{
    Console.Error.WriteLine("usage: WORKFLOWSDK_MONGODB_URI=... WorkflowSdk.MongoDB.TestWorker <database> <transport-file> <lease-milliseconds>");
    return 2;
}

var lease = TimeSpan.FromMilliseconds(int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
await using var backend = new WorkflowBackend(
    new MongoDBStore(new MongoDBStoreOptions
    {
        ConnectionString = uri,
        DatabaseName = args[0],
        TransactionMode = MongoDBTransactionMode.Never,
        OutboxRecoveryInterval = TimeSpan.FromMilliseconds(200),
        OutboxRecoveryDelay = TimeSpan.FromMilliseconds(500),
    }),
    new SqliteBackend(args[1], new SqliteBackendOptions { LeaseDuration = lease, PollInterval = TimeSpan.FromMilliseconds(20) }));
await using var worker = new WorkflowWorker(
    backend,
    CrashWorkflows.Register(new WorkflowRegistry()),
    new WorkflowWorkerOptions
    {
        ReceiveWait = TimeSpan.FromMilliseconds(100),
        ErrorRetryDelay = TimeSpan.FromMilliseconds(50),
        ActivityLeaseRenewalInterval = lease / 3,
        RelayLease = TimeSpan.FromSeconds(1),
        RelayPollInterval = TimeSpan.FromMilliseconds(50),
    });
await worker.StartAsync();
Console.WriteLine("ready");
await Console.In.ReadToEndAsync();
return 0;
