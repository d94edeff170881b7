using MongoDB.Bson;
using MongoDB.Driver;
using WorkflowSdk.Conformance;
using WorkflowSdk.History;
using static WorkflowSdk.MongoDB.Tests.Integration.MongoBackendProvider;

namespace WorkflowSdk.MongoDB.Tests.Integration;

/// <summary>Damaged documents in the database: the instance is failed with a clear reason and the worker keeps running.</summary>
[RequiresEnvironment(UriVariable, Purpose)]
public sealed class DamagedDataTests
{
    [ConformanceFact]
    public async Task A_damaged_history_chunk_fails_its_instance_with_a_clear_reason_and_the_worker_keeps_running()
    {
        var provider = new MongoBackendProvider();
        await using var host = new WorkflowTestHost(provider);
        host.Registry
            .AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"))
            .AddOrchestration<string, string>("Echo", (_, input) => Task.FromResult(input));
        await host.StartWorkerAsync(o => o.CacheCapacity = 0);
        var id = await host.Client.StartOrchestrationAsync("Wait", instanceId: "damaged");
        await host.WaitUntilAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running, "running");

        var history = Collection(host, "history");
        var damaged = await history.UpdateManyAsync(
            Builders<BsonDocument>.Filter.Eq("instanceId", "damaged"),
            Builders<BsonDocument>.Update.Set("events.0.type", "NoSuchEvent"));
        Assert.True(damaged.ModifiedCount > 0);
        await host.Client.RaiseEventAsync(id, "go", "now");
        await host.Client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));
        var status = (await host.Client.GetStatusAsync(id))!;
        var healthy = await host.RunAsync("Echo", "still running");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal(typeof(HistoryCorruptedException).FullName, status.FailureDetails!.ErrorType);
        Assert.Matches(
            @"^The stored history of instance 'damaged' could not be read: the history chunk \S+ \(revision 2, part 1 of 1\) is damaged \(Unknown history event type 'NoSuchEvent'\.\)",
            status.FailureDetails.Message);
        Assert.Equal("still running", healthy.ReadOutputAs<string>());
        var reading = await Assert.ThrowsAsync<HistoryCorruptedException>(() => host.Client.GetStatusAsync(id, includeHistory: true));
        Assert.Equal("damaged", reading.InstanceId);
    }

    [ConformanceFact]
    public async Task An_outbox_entry_that_cannot_be_decoded_is_dead_lettered_and_its_instance_failed_saying_so()
    {
        var provider = new MongoBackendProvider();
        await using var host = new WorkflowTestHost(provider);
        host.Registry
            .AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"))
            .AddOrchestration<string, string>("Echo", (_, input) => Task.FromResult(input));
        await host.StartWorkerAsync();
        var id = await host.Client.StartOrchestrationAsync("Wait", instanceId: "poisoned");
        await host.WaitUntilAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running, "running");

        await Collection(host, "outbox").InsertOneAsync(BsonDocument.Parse(
            """
            { "_id" : "bad:0", "instanceId" : "elsewhere", "revision" : NumberLong(1), "commitId" : "bad", "state" : "ready",
              "writtenAt" : ISODate("2000-01-01T00:00:00Z"), "visibleAt" : ISODate("2000-01-01T00:00:00Z"),
              "message" : { "messageId" : "m", "instanceId" : "poisoned", "event" : { "type" : "EventRaised" } } }
            """));
        var status = await host.WaitAsync(id);
        var healthy = await host.RunAsync("Echo", "still running");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal("WorkflowSdk.PoisonMessage", status.FailureDetails!.ErrorType);
        Assert.StartsWith("Outbox entry 'bad:0' could not be decoded (Required field 'ts' (a date) is missing.)", status.FailureDetails.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Collection(host, "deadLetters").CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("instanceId", "poisoned")));
        Assert.Equal("still running", healthy.ReadOutputAs<string>());
    }

    private static IMongoCollection<BsonDocument> Collection(WorkflowTestHost host, string name)
    {
        var store = (MongoDBStore)host.Backend.Store;
        return store.Database.GetCollection<BsonDocument>($"{store.HubName}.{name}");
    }
}
