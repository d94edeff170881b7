using Microsoft.Extensions.Logging;
using WorkflowSdk;
using WorkflowSdk.Backends;
using WorkflowSdk.RabbitMQ;
using WorkflowSdk.RabbitMQ.TestWorker;
using WorkflowSdk.Sqlite;

// Usage: WorkflowSdk.RabbitMQ.TestWorker <database-file> <amqp-uri> <hub-name> <partitions>
// Runs a worker on RabbitMQ (transport) + the SQLite file (store) until killed or until stdin closes. Warnings and
// errors go to stderr.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: WorkflowSdk.RabbitMQ.TestWorker <database-file> <amqp-uri> <hub-name> <partitions>");
    return 2;
}

using var loggerFactory = LoggerFactory.Create(b => b
    .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
    .AddFilter(level => level >= LogLevel.Warning));
var transport = new RabbitMQTransport(
    new RabbitMQTransportOptions
    {
        ConnectionString = args[1],
        HubName = args[2],
        PartitionCount = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture),
        RebalanceInterval = TimeSpan.FromMilliseconds(250),
        ReleaseTimeout = TimeSpan.FromSeconds(5),
        MaxReconnectDelay = TimeSpan.FromSeconds(1),
    },
    loggerFactory);
await using var backend = new WorkflowBackend(new SqliteBackend(args[0], new SqliteBackendOptions { PollInterval = TimeSpan.FromMilliseconds(20) }), transport);
await using var worker = new WorkflowWorker(
    backend,
    SequenceWorkflows.Register(new WorkflowRegistry()),
    new WorkflowWorkerOptions
    {
        ReceiveWait = TimeSpan.FromMilliseconds(200),
        ErrorRetryDelay = TimeSpan.FromMilliseconds(50),
        RelayLease = TimeSpan.FromSeconds(3),
        RelayPollInterval = TimeSpan.FromMilliseconds(50),
    },
    loggerFactory);
await worker.StartAsync();
Console.WriteLine("ready");
await Console.In.ReadToEndAsync();
await worker.StopAsync();
return 0;
