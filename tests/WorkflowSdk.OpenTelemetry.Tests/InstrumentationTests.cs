using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using WorkflowSdk.Diagnostics;
using WorkflowSdk.OpenTelemetry;
using WorkflowSdk.Sqlite;

// The SDK's activity source and meter are process-wide: tests side by side would see each other's spans.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace WorkflowSdk.OpenTelemetry.Tests;

public sealed class InstrumentationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("workflowsdk-otel-").FullName;

    [Fact]
    public async Task AddWorkflowSdkInstrumentation_on_both_builders_receives_the_spans_and_metrics_of_a_workflow_run_on_SQLite()
    {
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddWorkflowSdkInstrumentation().AddInMemoryExporter(spans).Build();
        using var meters = Sdk.CreateMeterProviderBuilder().AddWorkflowSdkInstrumentation().AddInMemoryExporter(metrics).Build();

        string id;
        OrchestrationStatus done;
        await using (var backend = SqliteBackend.Open(Path.Combine(_directory, "otel.db"), new SqliteBackendOptions { PollInterval = TimeSpan.FromMilliseconds(20) }))
        {
            await using var worker = new WorkflowWorker(backend, new WorkflowRegistry().AddGeneratedWorkflows());
            await worker.StartAsync();
            var client = new WorkflowClient(backend);
            id = await client.StartOrchestrationAsync("OtelGreet", "ada");
            done = await client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));
            await worker.StopAsync();
        }

        tracing.ForceFlush();
        meters.ForceFlush();

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("Hello, ada!", done.ReadOutputAs<string>());
        var start = Assert.Single(spans, s => s.DisplayName == "start_orchestration OtelGreet");
        var episodes = spans.Where(s => s.DisplayName == "orchestration OtelGreet").ToList();
        Assert.Equal(2, episodes.Count); // the start, then the activity's result
        var activity = Assert.Single(spans, s => s.DisplayName == "activity OtelHello");
        Assert.All(episodes.Append(activity), s => Assert.Equal(start.TraceId, s.TraceId));
        Assert.All(spans, s => Assert.Equal(WorkflowInstrumentation.SourceName, s.Source.Name));
        Assert.Equal(id, start.GetTagItem(WorkflowInstrumentation.Tags.InstanceId));

        var names = metrics.Select(m => m.Name).ToHashSet();
        Assert.Contains(WorkflowInstrumentation.MetricNames.InstancesStarted, names);
        Assert.Contains(WorkflowInstrumentation.MetricNames.Episodes, names);
        Assert.Contains(WorkflowInstrumentation.MetricNames.EpisodeDuration, names);
        Assert.Contains(WorkflowInstrumentation.MetricNames.ActivityExecutions, names);
        Assert.All(metrics, m => Assert.Equal(WorkflowInstrumentation.SourceName, m.MeterName));
        var episodesCounted = metrics.Where(m => m.Name == WorkflowInstrumentation.MetricNames.Episodes)
            .SelectMany(m => m.MetricPoints).Sum(p => p.GetSumLong());
        Assert.True(episodesCounted >= 2, $"episodes counted: {episodesCounted}");
    }

    [Fact]
    public void AddWorkflowSdkInstrumentation_refuses_a_null_builder()
    {
        Assert.Throws<ArgumentNullException>(() => ((TracerProviderBuilder)null!).AddWorkflowSdkInstrumentation());
        Assert.Throws<ArgumentNullException>(() => ((MeterProviderBuilder)null!).AddWorkflowSdkInstrumentation());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a closing connection: the temp folder's cleanup takes it
        }
    }
}

public static class OtelWorkflows
{
    [Orchestration("OtelGreet")]
    public static async Task<string> GreetAsync(OrchestrationContext context, string name) =>
        await context.CallActivityAsync<string>("OtelHello", name);

    [Activity("OtelHello")]
    public static string Hello(string name) => $"Hello, {name}!";
}
