using Microsoft.Data.Sqlite;
using WorkflowSdk.Conformance;
using WorkflowSdk.History;

namespace WorkflowSdk.Sqlite.Tests;

/// <summary>Damaged rows in the file: the instance is failed with a clear reason and the worker keeps running.</summary>
public sealed class DamagedDataTests
{
    [Fact]
    public async Task A_corrupted_history_row_fails_its_instance_with_a_clear_reason_and_the_worker_keeps_running()
    {
        var provider = new SqliteBackendProvider();
        await using var host = new WorkflowTestHost(provider);
        host.Registry
            .AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"))
            .AddOrchestration<string, string>("Echo", (_, input) => Task.FromResult(input));
        await host.StartWorkerAsync(o => o.CacheCapacity = 0);
        var id = await host.Client.StartOrchestrationAsync("Wait", instanceId: "damaged");
        await host.WaitUntilAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running, "running");

        Execute(provider.DatabasePath, "UPDATE history SET events = x'deadbeef' WHERE instance_id = 'damaged'");
        await host.Client.RaiseEventAsync(id, "go", "now");
        await host.Client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));
        var status = (await host.Client.GetStatusAsync(id))!;
        var healthy = await host.RunAsync("Echo", "still running");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal(typeof(HistoryCorruptedException).FullName, status.FailureDetails!.ErrorType);
        Assert.StartsWith(
            "The stored history of instance 'damaged' could not be read: the history row written at revision 2 is damaged",
            status.FailureDetails.Message,
            StringComparison.Ordinal);
        Assert.Equal("still running", healthy.ReadOutputAs<string>());
        var reading = await Assert.ThrowsAsync<HistoryCorruptedException>(() => host.Client.GetStatusAsync(id, includeHistory: true));
        Assert.Equal("damaged", reading.InstanceId);
    }

    [Fact]
    public async Task A_message_that_cannot_be_decoded_is_dead_lettered_and_its_instance_failed_saying_so()
    {
        var provider = new SqliteBackendProvider();
        await using var host = new WorkflowTestHost(provider);
        host.Registry
            .AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"))
            .AddOrchestration<string, string>("Echo", (_, input) => Task.FromResult(input));
        await host.StartWorkerAsync();
        var id = await host.Client.StartOrchestrationAsync("Wait", instanceId: "poisoned");
        await host.WaitUntilAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running, "running");

        Execute(provider.DatabasePath,
            "INSERT INTO messages (queue, instance_id, visible_at, body) VALUES (0, 'poisoned', 0, x'0102030405')");
        var status = await host.WaitAsync(id);
        var healthy = await host.RunAsync("Echo", "still running");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal("WorkflowSdk.PoisonMessage", status.FailureDetails!.ErrorType);
        Assert.Matches(@"^A message for instance 'poisoned' \(orchestration queue, row \d+\) could not be decoded; it was moved to the dead_letters table\.$",
            status.FailureDetails.Message);
        Assert.Single(status.Events<ExecutionFailedEvent>());
        Assert.Equal(1L, Scalar(provider.DatabasePath, "SELECT COUNT(*) FROM dead_letters WHERE instance_id = 'poisoned'"));
        Assert.Equal("still running", healthy.ReadOutputAs<string>());
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.True(command.ExecuteNonQuery() > 0, $"'{sql}' changed nothing");
    }

    private static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
