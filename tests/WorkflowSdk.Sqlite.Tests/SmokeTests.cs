using WorkflowSdk.Sqlite;

namespace WorkflowSdk.Sqlite.Tests;

public sealed class SmokeTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Chain_of_three_activities_completes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wf-smoke-{Guid.NewGuid():N}.db");
        await using var backend = SqliteBackend.Open(path);
        var registry = new WorkflowRegistry()
            .AddOrchestration<string, string>("Hello", async (ctx, name) =>
            {
                var a = await ctx.CallActivityAsync<string>("Say", "Tokyo");
                var b = await ctx.CallActivityAsync<string>("Say", "Seattle");
                var c = await ctx.CallActivityAsync<string>("Say", name);
                return $"{a}, {b}, {c}";
            })
            .AddActivity<string, string>("Say", n => $"Hello {n}");
        await using var worker = new WorkflowWorker(backend, registry);
        await worker.StartAsync();
        var client = new WorkflowClient(backend);
        var id = await client.StartOrchestrationAsync("Hello", "London");
        var status = await client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(10));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal("Hello Tokyo, Hello Seattle, Hello London", status.ReadOutputAs<string>());
        var withHistory = await client.GetStatusAsync(id, includeHistory: true);
        Assert.NotNull(withHistory!.History);
        output.WriteLine(withHistory.HistoryToJson());
    }
}
