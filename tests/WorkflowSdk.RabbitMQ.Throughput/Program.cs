using System.Diagnostics;
using System.Globalization;
using WorkflowSdk;
using WorkflowSdk.Backends;
using WorkflowSdk.RabbitMQ;
using WorkflowSdk.Sqlite;

// Usage: WorkflowSdk.RabbitMQ.Throughput <rabbitmq|sqlite> [instances=1000] [runs=3] [amqp-uri]
// Starts N instances of a three-activity sequence on one in-process worker and times the whole run (first start to
// last completion), on a fresh store file (and a fresh task hub) per run; prints each run and the median.
var mode = args.Length > 0 ? args[0] : "rabbitmq";
var instances = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
var uri = args.Length > 3 ? args[3] : "amqp://guest:guest@127.0.0.1:5672/";
if (mode is not ("rabbitmq" or "sqlite"))
{
    Console.Error.WriteLine("usage: WorkflowSdk.RabbitMQ.Throughput <rabbitmq|sqlite> [instances] [runs] [amqp-uri]");
    return 2;
}

var registry = new WorkflowRegistry()
    .AddOrchestration<int, int>("Sequence3", async (ctx, n) =>
    {
        for (var i = 0; i < 3; i++)
        {
            n = await ctx.CallActivityAsync<int>("Step", n);
        }

        return n;
    })
    .AddActivity<int, int>("Step", n => n + 1);

var seconds = new List<double>();
for (var run = 1; run <= runs; run++)
{
    var directory = Path.Combine(Path.GetTempPath(), "workflowsdk-throughput", Guid.NewGuid().ToString("N"));
    Directory.CreateDirectory(directory);
    var path = Path.Combine(directory, "workflows.db");
    var hub = $"bench-{Guid.NewGuid():N}"[..16];
    var transportOptions = new RabbitMqTransportOptions { ConnectionString = uri, HubName = hub };
    await using (var backend = mode == "sqlite"
        ? SqliteBackend.Open(path)
        : new WorkflowBackend(new SqliteBackend(path), new RabbitMqTransport(transportOptions)))
    {
        await using var worker = new WorkflowWorker(backend, registry);
        await worker.StartAsync();
        var client = new WorkflowClient(backend);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < instances; i++)
        {
            await client.StartOrchestrationAsync("Sequence3", i, $"i-{i}");
        }

        while (await CountCompletedAsync(backend.Store) < instances)
        {
            await Task.Delay(20);
        }

        clock.Stop();
        seconds.Add(clock.Elapsed.TotalSeconds);
        Console.WriteLine(FormattableString.Invariant(
            $"{mode} run {run}: {instances} instances in {clock.Elapsed.TotalSeconds:F2} s = {instances / clock.Elapsed.TotalSeconds:F0} instances/s ({instances * 3 / clock.Elapsed.TotalSeconds:F0} activities/s)"));
    }

    if (mode == "rabbitmq")
    {
        await using var cleanup = new RabbitMqTransport(transportOptions);
        await cleanup.DeleteHubAsync();
    }

    Directory.Delete(directory, recursive: true);
}

seconds.Sort();
var median = seconds[seconds.Count / 2];
Console.WriteLine(FormattableString.Invariant($"{mode} median of {runs}: {median:F2} s = {instances / median:F0} instances/s"));
return 0;

static async Task<int> CountCompletedAsync(IWorkflowStore store)
{
    var count = 0;
    string? token = null;
    do
    {
        var page = await store.ListInstancesAsync(
            new InstanceQuery { Statuses = [OrchestrationRuntimeStatus.Completed], PageSize = 1000, ContinuationToken = token }, default);
        count += page.Instances.Count;
        token = page.ContinuationToken;
    }
    while (token is not null);
    return count;
}
