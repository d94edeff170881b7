using WorkflowSdk;
using WorkflowSdk.Generators.Aot;
using WorkflowSdk.Sqlite;

// One process, one SQLite file: a worker and a client, both on the generated typed API.
var directory = Path.Combine(Path.GetTempPath(), "workflowsdk-aot", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(directory);
try
{
    var serializer = new JsonPayloadSerializer(TripJsonContext.Default);
    var backend = SqliteBackend.Open(Path.Combine(directory, "trips.db"));
    var registry = new WorkflowRegistry().AddGeneratedWorkflows(new SingleService(Console.Out));
    await using var worker = new WorkflowWorker(backend, registry, new WorkflowWorkerOptions { PayloadSerializer = serializer });
    await worker.StartAsync();

    var client = new WorkflowClient(backend, new WorkflowClientOptions { PayloadSerializer = serializer });
    var trip = await client.StartBookTripAsync(new TripRequest("Ada", "Lisbon", 3), instanceId: "trip-aot");
    Console.WriteLine($"started {trip.InstanceId}");
    var itinerary = await trip.WaitForResultAsync(TimeSpan.FromSeconds(30));
    Console.WriteLine($"booked: {itinerary}");

    var status = await trip.GetStatusAsync(includeHistory: true);
    Console.WriteLine(status!.HistoryToJson());
    return itinerary.Total == 540m ? 0 : 1;
}
finally
{
    Directory.Delete(directory, recursive: true);
}

/// <summary>Provides the one dependency the activities need.</summary>
internal sealed class SingleService(TextWriter log) : IServiceProvider
{
    public object? GetService(Type serviceType) => serviceType == typeof(TextWriter) ? log : null;
}
