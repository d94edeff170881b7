using Microsoft.Extensions.Logging;
using WorkflowSdk.Backends;
using WorkflowSdk.RabbitMQ;
using WorkflowSdk.Sqlite;

namespace WorkflowSdk.Samples;

/// <summary>
/// The plumbing every sample shares: the embedded SQLite backend in one file, a client, and workers that can be
/// stopped and started again (as a crash, a deploy or a second process would).
/// </summary>
/// <remarks>
/// Command line: <c>[--db &lt;file&gt;] [--rabbitmq &lt;amqp-uri&gt;] [--verbose] [sample arguments...]</c>. With
/// <c>--rabbitmq</c> (or the environment variable <c>WORKFLOWSDK_RABBITMQ</c> holding an AMQP URI) messages travel over
/// RabbitMQ (task hub named after the sample) and the file is only the store. The database defaults to
/// <c>&lt;temp&gt;/workflowsdk-samples/&lt;Sample&gt;.db</c>, the same file on every run, so instances of earlier runs
/// stay there to be inspected and a second command (see the HumanApproval sample) finds the first one's instances.
/// Every run starts instances with fresh ids, so re-running never collides with an earlier run.
/// </remarks>
internal sealed class SampleHost : IAsyncDisposable
{
    private readonly List<WorkflowWorker> _workers = [];
    private readonly ILoggerFactory _loggerFactory;

    private SampleHost(string sampleName, string databasePath, bool verbose, IReadOnlyList<string> arguments, string? rabbitMq)
    {
        SampleName = sampleName;
        DatabasePath = databasePath;
        Verbose = verbose;
        Arguments = arguments;
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        _loggerFactory = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Error));
        // RabbitMQ as the transport when asked for (SQLite stays the store), otherwise the embedded backend.
        var transport = rabbitMq is not null
            ? new RabbitMQTransport(new RabbitMQTransportOptions { ConnectionString = rabbitMq, HubName = sampleName }, _loggerFactory)
            : RabbitMQTransport.FromEnvironment(sampleName, _loggerFactory);
        Backend = transport is not null ? new WorkflowBackend(new SqliteBackend(databasePath), transport) : SqliteBackend.Open(databasePath);
        Client = new WorkflowClient(Backend, new WorkflowClientOptions { MaxPollInterval = TimeSpan.FromMilliseconds(50) });
    }

    /// <summary>The sample's name (its project name).</summary>
    public string SampleName { get; }

    /// <summary>The SQLite file holding every instance, its history, the queues and the timers.</summary>
    public string DatabasePath { get; }

    /// <summary>Whether worker logs are shown (<c>--verbose</c>); otherwise only errors are.</summary>
    public bool Verbose { get; }

    /// <summary>The command-line arguments left after <c>--db</c> and <c>--verbose</c>.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The backend: store and durable queues in <see cref="DatabasePath"/> (or the store there and RabbitMQ's queues).</summary>
    public WorkflowBackend Backend { get; }

    /// <summary>A client on the backend.</summary>
    public WorkflowClient Client { get; }

    /// <summary>The default database file of a sample.</summary>
    /// <param name="sampleName">The sample.</param>
    /// <returns>A path under the system's temporary directory.</returns>
    public static string DefaultDatabasePath(string sampleName) =>
        Path.Combine(Path.GetTempPath(), "workflowsdk-samples", sampleName + ".db");

    /// <summary>Opens the sample's database (creating it if needed) as the command line says.</summary>
    /// <param name="sampleName">The sample's name.</param>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>The host; dispose it to stop its workers and close the file.</returns>
    public static SampleHost Open(string sampleName, string[] args)
    {
        string? database = null;
        var verbose = false;
        string? rabbitMq = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--db" when i + 1 < args.Length:
                    database = args[++i];
                    break;
                case "--rabbitmq" when i + 1 < args.Length:
                    rabbitMq = args[++i];
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        return new SampleHost(sampleName, Path.GetFullPath(database ?? DefaultDatabasePath(sampleName)), verbose, rest, rabbitMq);
    }

    /// <summary>A new instance id: <paramref name="prefix"/> and a short random suffix, unique per run.</summary>
    /// <param name="prefix">A readable prefix.</param>
    /// <returns>The id.</returns>
    public static string NewInstanceId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Starts a worker that runs what <paramref name="registry"/> holds.</summary>
    /// <param name="registry">The orchestrations and activities.</param>
    /// <param name="configure">Adjusts the worker's options.</param>
    /// <returns>The running worker.</returns>
    public async Task<WorkflowWorker> StartWorkerAsync(WorkflowRegistry registry, Action<WorkflowWorkerOptions>? configure = null)
    {
        var options = new WorkflowWorkerOptions { ReceiveWait = TimeSpan.FromMilliseconds(250) };
        configure?.Invoke(options);
        var worker = new WorkflowWorker(Backend, registry, options, _loggerFactory);
        _workers.Add(worker);
        await worker.StartAsync();
        return worker;
    }

    /// <summary>
    /// Stops a worker. With <paramref name="grace"/> zero it is abrupt, like a crash: running activities are
    /// cancelled and their calls go back to the queue for the next worker.
    /// </summary>
    /// <param name="worker">The worker.</param>
    /// <param name="grace">How long running work may take to finish.</param>
    /// <returns>A task.</returns>
    public static async Task StopWorkerAsync(WorkflowWorker worker, TimeSpan grace)
    {
        using var deadline = new CancellationTokenSource();
        if (grace <= TimeSpan.Zero)
        {
            await deadline.CancelAsync();
        }
        else
        {
            deadline.CancelAfter(grace);
        }

        await worker.StopAsync(deadline.Token);
    }

    /// <summary>Waits for an instance started with a generated typed start to finish and reads it with its history.</summary>
    /// <typeparam name="THandle">The handle type.</typeparam>
    /// <param name="starting">The start, e.g. <c>host.Client.StartBookTripAsync(trip, trip.TripId)</c>.</param>
    /// <returns>The final status with history.</returns>
    public async Task<OrchestrationStatus> RunAsync<THandle>(Task<THandle> starting)
        where THandle : OrchestrationHandle
    {
        var handle = await starting;
        return await WaitForCompletionAsync(handle.InstanceId);
    }

    /// <summary>Waits for an instance to finish and reads it with its history.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="timeout">The longest wait; default one minute.</param>
    /// <returns>The final status with history.</returns>
    public async Task<OrchestrationStatus> WaitForCompletionAsync(string instanceId, TimeSpan? timeout = null)
    {
        await Client.WaitForCompletionAsync(instanceId, timeout ?? TimeSpan.FromMinutes(1));
        return (await Client.GetStatusAsync(instanceId, includeHistory: true))!;
    }

    /// <summary>Waits until an instance's status (read with history) satisfies <paramref name="condition"/>.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="condition">What to wait for.</param>
    /// <param name="timeout">The longest wait; default one minute.</param>
    /// <returns>The status that satisfied it.</returns>
    /// <exception cref="TimeoutException">It did not happen in time.</exception>
    public async Task<OrchestrationStatus> WaitUntilAsync(string instanceId, Func<OrchestrationStatus, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(1));
        while (true)
        {
            var status = await Client.GetStatusAsync(instanceId, includeHistory: true);
            if (status is not null && condition(status))
            {
                return status;
            }

            if (status is { IsFinished: true } || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Instance '{instanceId}' did not reach the awaited state; it is {status?.RuntimeStatus}.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Prints where the database is.</summary>
    public void PrintDatabase() =>
        Console.WriteLine($"Database: {DatabasePath}{Environment.NewLine}");

    /// <summary>Stops the workers (running work gets a second to finish, then is cancelled) and closes the file.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await StopWorkerAsync(worker, TimeSpan.FromSeconds(1));
            await worker.DisposeAsync();
        }

        await Backend.DisposeAsync();
        _loggerFactory.Dispose();
    }
}
