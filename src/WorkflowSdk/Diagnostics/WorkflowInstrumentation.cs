using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WorkflowSdk.Diagnostics;

/// <summary>
/// Traces (<see cref="ActivitySource"/> named <see cref="SourceName"/>) and metrics (<see cref="Meter"/> of the
/// same name) of a worker or client. Listen to them with OpenTelemetry (<c>AddSource("WorkflowSdk")</c>,
/// <c>AddMeter("WorkflowSdk")</c>) or any <see cref="ActivityListener"/> / <see cref="MeterListener"/>.
/// </summary>
/// <remarks>
/// <para><b>Spans.</b> <c>start_orchestration {name}</c> (client, producer) when an instance is started;
/// <c>orchestration {name}</c> (consumer) for every episode; <c>activity {name}</c> (consumer) for every activity
/// execution; <c>timer</c> (internal) for every durable timer, from its creation to the episode that saw it fire;
/// <c>raise_event {name}</c>, <c>terminate</c>, <c>suspend</c> and <c>resume</c> (client, producer). The W3C
/// <c>traceparent</c> travels in every message and the instance's root context is kept in its history
/// (<see cref="History.ExecutionStartedEvent.TraceParent"/>), so all episodes of an instance are children of its
/// start span; activities, timers and sub-orchestrations are children of the episode that scheduled them; an episode
/// links to the spans whose results it applied (activity, sub-orchestration, event). One instance, with its
/// sub-orchestrations, is one trace across any number of processes.</para>
/// <para><b>Metrics.</b> See the instrument names in <see cref="MetricNames"/>. Dimensions: <see cref="Tags.Orchestration"/>
/// on episode metrics, <see cref="Tags.Activity"/> and <see cref="Tags.Outcome"/> on activity metrics,
/// <see cref="Tags.Queue"/> on the backlog and dead letters.</para>
/// </remarks>
public sealed class WorkflowInstrumentation : IDisposable
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string SourceName = "WorkflowSdk";

    private long _orchestrationBacklog = -1;
    private long _activityBacklog = -1;

    /// <summary>Creates the instrumentation: its own <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <see cref="SourceName"/>.</summary>
    public WorkflowInstrumentation()
    {
        var version = typeof(WorkflowInstrumentation).Assembly.GetName().Version?.ToString();
        ActivitySource = new ActivitySource(SourceName, version);
        Meter = new Meter(SourceName, version);
        Episodes = Meter.CreateCounter<long>(MetricNames.Episodes, "{episode}", "Orchestration episodes committed.");
        EpisodeDuration = Meter.CreateHistogram<double>(MetricNames.EpisodeDuration, "ms", "Time to run and commit one episode.");
        ReplayedEvents = Meter.CreateCounter<long>(MetricNames.ReplayedEvents, "{event}", "History events replayed on cache misses.");
        CacheHits = Meter.CreateCounter<long>(MetricNames.CacheHits, "{episode}", "Episodes that resumed a cached orchestration.");
        CacheMisses = Meter.CreateCounter<long>(MetricNames.CacheMisses, "{episode}", "Episodes that replayed history.");
        Conflicts = Meter.CreateCounter<long>(MetricNames.Conflicts, "{episode}", "Episodes discarded because another commit came first.");
        ActivityExecutions = Meter.CreateCounter<long>(MetricNames.ActivityExecutions, "{execution}", "Activity executions, by outcome.");
        ActivityDuration = Meter.CreateHistogram<double>(MetricNames.ActivityDuration, "ms", "Time to run one activity.");
        ActiveActivities = Meter.CreateUpDownCounter<long>(MetricNames.ActiveActivities, "{execution}", "Activities running now.");
        DeadLetters = Meter.CreateCounter<long>(MetricNames.DeadLetters, "{message}", "Messages dead-lettered after too many deliveries.");
        InstancesStarted = Meter.CreateCounter<long>(MetricNames.InstancesStarted, "{instance}", "Orchestration instances started by clients.");
        RetentionPurged = Meter.CreateCounter<long>(MetricNames.RetentionPurged, "{instance}", "Finished instances purged by retention sweeps.");
        Backlog = Meter.CreateObservableGauge(MetricNames.Backlog, ObserveBacklog, "{message}", "Messages waiting in the transport's queues (sampled by workers).");
    }

    /// <summary>
    /// The instrumentation of clients created without one (<see cref="WorkflowClientOptions.Instrumentation"/>): one per
    /// process, like a static <see cref="System.Diagnostics.ActivitySource"/>, never disposed.
    /// </summary>
    internal static WorkflowInstrumentation ForClients { get; } = new();

    /// <summary>The activity source for spans.</summary>
    public ActivitySource ActivitySource { get; }

    /// <summary>The meter for metrics.</summary>
    public Meter Meter { get; }

    internal Counter<long> Episodes { get; }

    internal Counter<long> RetentionPurged { get; }

    internal Histogram<double> EpisodeDuration { get; }

    internal Counter<long> ReplayedEvents { get; }

    internal Counter<long> CacheHits { get; }

    internal Counter<long> CacheMisses { get; }

    internal Counter<long> Conflicts { get; }

    internal Counter<long> ActivityExecutions { get; }

    internal Histogram<double> ActivityDuration { get; }

    internal UpDownCounter<long> ActiveActivities { get; }

    internal Counter<long> DeadLetters { get; }

    internal Counter<long> InstancesStarted { get; }

    /// <summary>The backlog gauge; workers sample the transport only while someone listens to it.</summary>
    internal ObservableGauge<long> Backlog { get; }

    /// <summary>Disposes the activity source and the meter.</summary>
    public void Dispose()
    {
        ActivitySource.Dispose();
        Meter.Dispose();
    }

    /// <summary>Records the latest backlog sample (a negative value: unknown).</summary>
    internal void SetBacklog(long orchestrationMessages, long activityCalls)
    {
        Interlocked.Exchange(ref _orchestrationBacklog, orchestrationMessages);
        Interlocked.Exchange(ref _activityBacklog, activityCalls);
    }

    private IEnumerable<Measurement<long>> ObserveBacklog()
    {
        var orchestration = Interlocked.Read(ref _orchestrationBacklog);
        var activity = Interlocked.Read(ref _activityBacklog);
        if (orchestration >= 0)
        {
            yield return new Measurement<long>(orchestration, new KeyValuePair<string, object?>(Tags.Queue, "orchestration"));
        }

        if (activity >= 0)
        {
            yield return new Measurement<long>(activity, new KeyValuePair<string, object?>(Tags.Queue, "activity"));
        }
    }

    /// <summary>The names of the instruments of <see cref="Meter"/>.</summary>
    public static class MetricNames
    {
        /// <summary>Counter: orchestration episodes committed (tag <see cref="Tags.Orchestration"/>).</summary>
        public const string Episodes = "workflowsdk.orchestration.episodes";

        /// <summary>Histogram (ms): time to run and commit one episode (tag <see cref="Tags.Orchestration"/>).</summary>
        public const string EpisodeDuration = "workflowsdk.orchestration.episode.duration";

        /// <summary>Counter: history events replayed because the instance was not in the worker's cache.</summary>
        public const string ReplayedEvents = "workflowsdk.orchestration.replayed_events";

        /// <summary>Counter: episodes that resumed a cached instance without replay.</summary>
        public const string CacheHits = "workflowsdk.orchestration.cache.hits";

        /// <summary>Counter: episodes that had to replay history.</summary>
        public const string CacheMisses = "workflowsdk.orchestration.cache.misses";

        /// <summary>Counter: episodes discarded because another worker committed first.</summary>
        public const string Conflicts = "workflowsdk.orchestration.conflicts";

        /// <summary>Counter: activity executions (tags <see cref="Tags.Activity"/>, <see cref="Tags.Outcome"/>: completed, failed, released).</summary>
        public const string ActivityExecutions = "workflowsdk.activity.executions";

        /// <summary>Histogram (ms): time to run one activity (tags <see cref="Tags.Activity"/>, <see cref="Tags.Outcome"/>).</summary>
        public const string ActivityDuration = "workflowsdk.activity.duration";

        /// <summary>Up-down counter: activities running now.</summary>
        public const string ActiveActivities = "workflowsdk.activity.active";

        /// <summary>Counter: messages dead-lettered (tag <see cref="Tags.Queue"/>).</summary>
        public const string DeadLetters = "workflowsdk.dead_letters";

        /// <summary>Gauge: messages waiting in the transport (tag <see cref="Tags.Queue"/>), as last sampled by a worker.</summary>
        public const string Backlog = "workflowsdk.backlog";

        /// <summary>Counter: finished instances purged by a worker's retention sweeps (tag <see cref="Tags.Status"/>: the status they had).</summary>
        public const string RetentionPurged = "workflowsdk.retention.purged";

        /// <summary>Counter: instances started by clients (tag <see cref="Tags.Orchestration"/>).</summary>
        public const string InstancesStarted = "workflowsdk.client.instances_started";
    }

    /// <summary>The tag (attribute) names on spans and measurements.</summary>
    public static class Tags
    {
        /// <summary>The orchestration instance id.</summary>
        public const string InstanceId = "workflowsdk.instance_id";

        /// <summary>The execution id of the instance.</summary>
        public const string ExecutionId = "workflowsdk.execution_id";

        /// <summary>The orchestration name.</summary>
        public const string Orchestration = "workflowsdk.orchestration";

        /// <summary>The activity name.</summary>
        public const string Activity = "workflowsdk.activity";

        /// <summary>The task id (sequence number) of an activity call, timer or sub-orchestration in its instance's history.</summary>
        public const string TaskId = "workflowsdk.task_id";

        /// <summary>How an activity execution ended: <c>completed</c>, <c>failed</c> or <c>released</c> (cancelled by shutdown or a lost lease, to run again).</summary>
        public const string Outcome = "workflowsdk.outcome";

        /// <summary>The queue: <c>orchestration</c> or <c>activity</c>.</summary>
        public const string Queue = "workflowsdk.queue";

        /// <summary>How many messages an episode applied.</summary>
        public const string Messages = "workflowsdk.messages";

        /// <summary>How the episode found the instance: <c>cached</c>, <c>replayed</c> or <c>new</c>.</summary>
        public const string Replay = "workflowsdk.replay";

        /// <summary>The instance's status after the episode.</summary>
        public const string Status = "workflowsdk.status";

        /// <summary>How many times a message was delivered (1 on the first delivery).</summary>
        public const string DeliveryCount = "workflowsdk.delivery_count";

        /// <summary>When a timer was due (ISO 8601, UTC).</summary>
        public const string FireAt = "workflowsdk.fire_at";

        /// <summary>The external event's name.</summary>
        public const string EventName = "workflowsdk.event";
    }
}
