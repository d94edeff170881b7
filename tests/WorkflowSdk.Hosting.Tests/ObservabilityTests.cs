using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using WorkflowSdk.Backends;
using WorkflowSdk.Diagnostics;
using WorkflowSdk.History;
using Xunit.Abstractions;

namespace WorkflowSdk.Hosting.Tests;

public sealed class ObservabilityTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestHosts _hosts = new();

    [Fact]
    public async Task A_chained_orchestration_is_one_trace_from_the_client_through_episodes_activities_timer_and_sub_orchestration()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(WorkflowInstrumentation.SourceName).AddInMemoryExporter(spans).Build();
        // No cache: every episode replays history, so the trace context must come back from history, not memory.
        using var host = _hosts.Build(settings: new Dictionary<string, string?> { ["WorkflowSdk:Worker:CacheCapacity"] = "0" });
        await host.StartAsync();
        var client = host.Services.GetRequiredService<WorkflowClient>();

        var id = await client.StartOrchestrationAsync("Chain", "ada", "chain-1");
        var done = await client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));
        await host.StopAsync();
        tracing.ForceFlush();

        Assert.Equal("ADA!", done.ReadOutputAs<string>());
        var start = Assert.Single(spans, s => s.DisplayName == "start_orchestration Chain");
        var trace = spans.Where(s => s.TraceId == start.TraceId).ToList();
        output.WriteLine(RenderTree(trace));

        // Nothing of this instance is outside its trace.
        Assert.DoesNotContain(spans, s => s.TraceId != start.TraceId && Equals(s.GetTagItem(WorkflowInstrumentation.Tags.InstanceId), "chain-1"));
        Assert.Null(start.ParentId);
        Assert.Equal(ActivityKind.Producer, start.Kind);

        var episodes = trace.Where(s => s.DisplayName == "orchestration Chain").ToList();
        Assert.Equal(4, episodes.Count); // start, activity result, timer, sub-orchestration result
        Assert.All(episodes, e => Assert.Equal(start.SpanId, e.ParentSpanId));
        Assert.All(episodes, e => Assert.Equal("chain-1", e.GetTagItem(WorkflowInstrumentation.Tags.InstanceId)));
        Assert.Equal(["new", "replayed", "replayed", "replayed"], episodes.OrderBy(e => e.StartTimeUtc).Select(e => e.GetTagItem(WorkflowInstrumentation.Tags.Replay)));
        Assert.Equal("Completed", episodes.MaxBy(e => e.StartTimeUtc)!.GetTagItem(WorkflowInstrumentation.Tags.Status));

        var upper = Assert.Single(trace, s => s.DisplayName == "activity Upper");
        var firstEpisode = episodes.MinBy(e => e.StartTimeUtc)!;
        Assert.Equal(firstEpisode.SpanId, upper.ParentSpanId);
        Assert.Equal("completed", upper.GetTagItem(WorkflowInstrumentation.Tags.Outcome));

        // The episode that applied the activity's result links to the activity's span.
        var second = episodes.OrderBy(e => e.StartTimeUtc).ElementAt(1);
        Assert.Contains(second.Links, l => l.Context.SpanId == upper.SpanId);

        // The timer is a child of the episode that created it and lasts at least its 50 ms.
        var timer = Assert.Single(trace, s => s.DisplayName == "timer");
        Assert.Equal(second.SpanId, timer.ParentSpanId);
        Assert.True(timer.Duration >= TimeSpan.FromMilliseconds(50), $"timer span lasted {timer.Duration}");

        // The sub-orchestration's episodes hang from the parent's episode that started it; its activity from its episode.
        var third = episodes.OrderBy(e => e.StartTimeUtc).ElementAt(2);
        var childEpisodes = trace.Where(s => s.DisplayName == "orchestration Child").ToList();
        Assert.Equal(2, childEpisodes.Count);
        Assert.All(childEpisodes, c => Assert.Equal(third.SpanId, c.ParentSpanId));
        var exclaim = Assert.Single(trace, s => s.DisplayName == "activity Exclaim");
        Assert.Equal(childEpisodes.MinBy(c => c.StartTimeUtc)!.SpanId, exclaim.ParentSpanId);
        Assert.Equal(10, trace.Count);
    }

    [Fact]
    public async Task Metrics_count_episodes_cache_use_replays_activities_backlog_and_dead_letters()
    {
        var metrics = new List<MetricSnapshot>();
        using var meters = CollectMetrics(metrics);
        using (var host = _hosts.Build(configure: b => b.Services.AddWorkflowSdk().UseBackend(_ => PoisoningBackend(_hosts.DatabasePath))))
        {
            await host.StartAsync();
            var client = host.Services.GetRequiredService<WorkflowClient>();
            var chain = await client.StartOrchestrationAsync("Chain", "grace");
            var poisoned = await client.StartOrchestrationAsync("Poisoned", "x");
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await client.WaitForCompletionAsync(chain, TimeSpan.FromSeconds(30))).RuntimeStatus);
            var failed = await client.WaitForCompletionAsync(poisoned, TimeSpan.FromSeconds(30));
            Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
            Assert.Contains("dead-lettered", failed.FailureDetails!.Message, StringComparison.Ordinal);
            await Task.Delay(200); // at least one backlog sample after the work
            meters.ForceFlush();
            await host.StopAsync();
        }

        using (var host = _hosts.Build(settings: new Dictionary<string, string?> { ["WorkflowSdk:Worker:CacheCapacity"] = "0" }))
        {
            await host.StartAsync();
            var client = host.Services.GetRequiredService<WorkflowClient>();
            await client.WaitForCompletionAsync(await client.StartOrchestrationAsync("Chain", "alan"), TimeSpan.FromSeconds(30));
            meters.ForceFlush();
            await host.StopAsync();
        }

        output.WriteLine(string.Join(Environment.NewLine, metrics.Select(m => m.Name).Distinct().Order()));
        Assert.True(Sum(metrics, WorkflowInstrumentation.MetricNames.Episodes, ("workflowsdk.orchestration", "Chain")) >= 8);
        Assert.True(Sum(metrics, WorkflowInstrumentation.MetricNames.Episodes, ("workflowsdk.orchestration", "Child")) >= 4);
        Assert.True(HistogramCount(metrics, WorkflowInstrumentation.MetricNames.EpisodeDuration) >= 12);
        Assert.True(Sum(metrics, WorkflowInstrumentation.MetricNames.CacheHits) >= 3, "the first host resumes cached instances");
        Assert.True(Sum(metrics, WorkflowInstrumentation.MetricNames.CacheMisses) >= 3, "the second host has no cache");
        Assert.True(Sum(metrics, WorkflowInstrumentation.MetricNames.ReplayedEvents) >= 10);
        Assert.Equal(2, Sum(metrics, WorkflowInstrumentation.MetricNames.ActivityExecutions, ("workflowsdk.activity", "Upper"), ("workflowsdk.outcome", "completed")));
        Assert.Equal(2, HistogramCount(metrics, WorkflowInstrumentation.MetricNames.ActivityDuration, ("workflowsdk.activity", "Exclaim")));
        Assert.Equal(1, Sum(metrics, WorkflowInstrumentation.MetricNames.DeadLetters, ("workflowsdk.queue", "activity")));
        Assert.Equal(2, Sum(metrics, WorkflowInstrumentation.MetricNames.InstancesStarted, ("workflowsdk.orchestration", "Chain")));
        Assert.Contains(metrics, m => m.Name == WorkflowInstrumentation.MetricNames.Backlog
                                      && Points(m).Any(p => Tag(p, "workflowsdk.queue") == "orchestration"));
        Assert.Contains(metrics, m => m.Name == WorkflowInstrumentation.MetricNames.ActiveActivities);
    }

    [Fact]
    public async Task A_worker_with_a_cache_never_replays_history_for_instances_it_started_and_ran_itself()
    {
        // The first episode of a client-started instance has no history to load; later ones resume the cached executor.
        var metrics = new List<MetricSnapshot>();
        using var meters = CollectMetrics(metrics);
        using (var host = _hosts.Build())
        {
            await host.StartAsync();
            var client = host.Services.GetRequiredService<WorkflowClient>();
            var chains = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => client.StartOrchestrationAsync("Chain", $"ada-{i}")));
            foreach (var chain in chains)
            {
                Assert.Equal(OrchestrationRuntimeStatus.Completed, (await client.WaitForCompletionAsync(chain, TimeSpan.FromSeconds(30))).RuntimeStatus);
            }

            meters.ForceFlush();
            await host.StopAsync();
        }

        Assert.True(Sum(metrics, WorkflowInstrumentation.MetricNames.CacheHits) >= 15, "later episodes resume cached executors");
        Assert.Equal(0, Sum(metrics, WorkflowInstrumentation.MetricNames.CacheMisses));
        Assert.Equal(0, Sum(metrics, WorkflowInstrumentation.MetricNames.ReplayedEvents));
    }

    public void Dispose() => _hosts.Dispose();

    /// <summary>
    /// Exports the SDK's metrics into <paramref name="metrics"/> on each flush, with delta temporality: every export
    /// holds what happened since the previous one, so totals are sums over exports.
    /// </summary>
    private static MeterProvider CollectMetrics(List<MetricSnapshot> metrics) => Sdk.CreateMeterProviderBuilder()
        .AddMeter(WorkflowInstrumentation.SourceName)
        .AddInMemoryExporter(metrics, reader => reader.TemporalityPreference = MetricReaderTemporalityPreference.Delta)
        .Build();

    /// <summary>The span tree, one line per span, children indented under their parent, in start order.</summary>
    internal static string RenderTree(IReadOnlyList<Activity> spans)
    {
        var text = new StringBuilder();
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        void Write(Activity span, int depth)
        {
            var tags = string.Join(" ", span.TagObjects
                .Where(t => t.Key is WorkflowInstrumentation.Tags.InstanceId or WorkflowInstrumentation.Tags.TaskId or WorkflowInstrumentation.Tags.Replay
                    or WorkflowInstrumentation.Tags.Status or WorkflowInstrumentation.Tags.Outcome)
                .Select(t => $"{t.Key["workflowsdk.".Length..]}={t.Value}"));
            var links = span.Links.Count(l => ids.Contains(l.Context.SpanId));
            text.Append(new string(' ', depth * 2)).Append(span.DisplayName).Append(" (").Append(span.Kind).Append(") ").Append(tags)
                .Append(links > 0 ? $" links={links}" : "").AppendLine();
            foreach (var child in spans.Where(s => s.ParentSpanId == span.SpanId).OrderBy(s => s.StartTimeUtc))
            {
                Write(child, depth + 1);
            }
        }

        foreach (var root in spans.Where(s => !ids.Contains(s.ParentSpanId)).OrderBy(s => s.StartTimeUtc))
        {
            Write(root, 0);
        }

        return text.ToString();
    }

    private static IEnumerable<MetricPoint> Points(MetricSnapshot metric) => metric.MetricPoints;

    private static string? Tag(MetricPoint point, string name)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == name)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    private static IEnumerable<MetricPoint> Matching(List<MetricSnapshot> metrics, string name, (string Key, string Value)[] tags) =>
        metrics.Where(m => m.Name == name).SelectMany(Points).Where(p => tags.All(t => Tag(p, t.Key) == t.Value));

    private static long Sum(List<MetricSnapshot> metrics, string name, params (string Key, string Value)[] tags) =>
        Matching(metrics, name, tags).Sum(p => p.GetSumLong());

    private static long HistogramCount(List<MetricSnapshot> metrics, string name, params (string Key, string Value)[] tags) =>
        Matching(metrics, name, tags).Sum(p => p.GetHistogramCount());

    /// <summary>SQLite, except that calls to the "Poison" activity arrive as if delivered too often: the worker dead-letters them.</summary>
    private static WorkflowBackend PoisoningBackend(string path)
    {
        var sqlite = new Sqlite.SqliteBackend(path, new Sqlite.SqliteBackendOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
        return new WorkflowBackend(sqlite, new PoisoningTransport(sqlite));
    }

    private sealed class PoisoningTransport(Sqlite.SqliteBackend inner) : IWorkflowTransport
    {
        public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

        public Task SendAsync(IReadOnlyList<WorkMessage> messages, CancellationToken cancellationToken) => ((IWorkflowTransport)inner).SendAsync(messages, cancellationToken);

        public Task<OrchestrationWorkItem?> ReceiveOrchestrationWorkItemAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
            ((IWorkflowTransport)inner).ReceiveOrchestrationWorkItemAsync(maxWait, cancellationToken);

        public async Task<ActivityWorkItem?> ReceiveActivityWorkItemAsync(TimeSpan maxWait, CancellationToken cancellationToken)
        {
            var item = await ((IWorkflowTransport)inner).ReceiveActivityWorkItemAsync(maxWait, cancellationToken);
            return item?.Message.Event is TaskScheduledEvent { Name: "Poison" } ? new Redelivered(item) : item;
        }

        public bool ConsumesOutboxOf(IWorkflowStore store) => ((IWorkflowTransport)inner).ConsumesOutboxOf(store);

        public Task<TransportBacklog?> GetBacklogAsync(CancellationToken cancellationToken) => inner.GetBacklogAsync(cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the store disposes the file
    }

    private sealed class Redelivered(ActivityWorkItem inner) : ActivityWorkItem(inner.Message, 1000)
    {
        public override Task<bool> CompleteAsync(WorkMessage result, CancellationToken cancellationToken) => inner.CompleteAsync(result, cancellationToken);

        public override Task AbandonAsync(TimeSpan delay, CancellationToken cancellationToken) => inner.AbandonAsync(delay, cancellationToken);

        public override Task<bool> RenewLeaseAsync(CancellationToken cancellationToken) => inner.RenewLeaseAsync(cancellationToken);

        public override Task DeadLetterAsync(string reason, WorkMessage failureResult, CancellationToken cancellationToken) =>
            inner.DeadLetterAsync(reason, failureResult, cancellationToken);
    }
}
