using System.Globalization;
using Microsoft.Extensions.Logging;
using WorkflowSdk;
using WorkflowSdk.Backends;
using WorkflowSdk.MongoDB;
using WorkflowSdk.RabbitMQ;
using WorkflowSdk.Sqlite;
using WorkflowSdk.TestWorker;

// The one worker process of the process-level tests (crash durability, RabbitMQ process tests): started, killed at
// random moments and restarted by them. It runs until killed or until stdin closes; "ready" on stdout says it has
// started. Warnings and errors go to stderr. The backend is the first argument:
//   sqlite   <database-file> <lease-milliseconds>                  SQLite store and transport in one file
//   mongodb  <database> <transport-file> <lease-milliseconds>      MongoDB store + SQLite transport file; the server's
//                                                                  URI comes from WORKFLOWSDK_MONGODB_URI (not the
//                                                                  command line, where other users could read a password)
//   rabbitmq <database-file> <amqp-uri> <hub-name> <partitions>   RabbitMQ transport + SQLite store file
const string Usage = """
    usage: WorkflowSdk.TestWorker sqlite <database-file> <lease-milliseconds>
           WORKFLOWSDK_MONGODB_URI=... WorkflowSdk.TestWorker mongodb <database> <transport-file> <lease-milliseconds>
           WorkflowSdk.TestWorker rabbitmq <database-file> <amqp-uri> <hub-name> <partitions>
    """;

using var loggerFactory = LoggerFactory.Create(b => b
    .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
    .AddFilter(level => level >= LogLevel.Warning));
var registry = SequenceWorkflows.Register(CrashWorkflows.Register(new WorkflowRegistry()));
var options = new WorkflowWorkerOptions
{
    ReceiveWait = TimeSpan.FromMilliseconds(100),
    ErrorRetryDelay = TimeSpan.FromMilliseconds(50),
};
WorkflowBackend backend;
switch (args)
{
    case ["sqlite", var file, var leaseText]:
    {
        var lease = Milliseconds(leaseText);
        backend = SqliteBackend.Open(file, new SqliteBackendOptions { LeaseDuration = lease, PollInterval = TimeSpan.FromMilliseconds(20) });
        options.ActivityLeaseRenewalInterval = lease / 3;
        break;
    }

    case ["mongodb", var database, var transportFile, var leaseText]
        when Environment.GetEnvironmentVariable("WORKFLOWSDK_MONGODB_URI") is { Length: > 0 } uri:
    {
        var lease = Milliseconds(leaseText);
        backend = new WorkflowBackend(
            new MongoDBStore(new MongoDBStoreOptions
            {
                ConnectionString = uri,
                DatabaseName = database,
                TransactionMode = MongoDBTransactionMode.Never,
                OutboxRecoveryInterval = TimeSpan.FromMilliseconds(200),
                OutboxRecoveryDelay = TimeSpan.FromMilliseconds(500),
            }),
            new SqliteBackend(transportFile, new SqliteBackendOptions { LeaseDuration = lease, PollInterval = TimeSpan.FromMilliseconds(20) }));
        options.ActivityLeaseRenewalInterval = lease / 3;
        options.OutboxClaimDuration = TimeSpan.FromSeconds(1);
        options.RelayPollInterval = TimeSpan.FromMilliseconds(50);
        break;
    }

    case ["rabbitmq", var file, var amqpUri, var hub, var partitions]:
    {
        var transport = new RabbitMQTransport(
            new RabbitMQTransportOptions
            {
                ConnectionString = amqpUri,
                HubName = hub,
                PartitionCount = int.Parse(partitions, CultureInfo.InvariantCulture),
                RebalanceInterval = TimeSpan.FromMilliseconds(250),
                ReleaseTimeout = TimeSpan.FromSeconds(5),
                MaxReconnectDelay = TimeSpan.FromSeconds(1),
            },
            loggerFactory);
        backend = new WorkflowBackend(new SqliteBackend(file, new SqliteBackendOptions { PollInterval = TimeSpan.FromMilliseconds(20) }), transport);
        options.ReceiveWait = TimeSpan.FromMilliseconds(200);
        options.OutboxClaimDuration = TimeSpan.FromSeconds(3);
        options.RelayPollInterval = TimeSpan.FromMilliseconds(50);
        break;
    }

    default:
        Console.Error.WriteLine(Usage);
        return 2;
}

await using (backend)
{
    await using var worker = new WorkflowWorker(backend, registry, options, loggerFactory);
    await worker.StartAsync();
    Console.WriteLine("ready");
    await Console.In.ReadToEndAsync();
    await worker.StopAsync();
}

return 0;

static TimeSpan Milliseconds(string text) => TimeSpan.FromMilliseconds(int.Parse(text, CultureInfo.InvariantCulture));
