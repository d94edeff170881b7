using Microsoft.Extensions.Logging.Abstractions;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.Replay;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.Tests.Replay;

/// <summary>
/// Drives the replay engine directly, episode by episode, the way a worker does, and checks on every episode that
/// a cached executor and a freshly replayed one produce the same events and messages.
/// </summary>
internal sealed class ExecutorHarness
{
    private OrchestrationExecutor? _cached;

    public ExecutorHarness(string instanceId = "instance-1") => InstanceId = instanceId;

    public string InstanceId { get; }

    public WorkflowRegistry Registry { get; } = new();

    public PayloadCodec Codec { get; } = new(new MessagePackPayloadSerializer());

    /// <summary>The committed history so far.</summary>
    public List<HistoryEvent> History { get; } = [];

    public DateTime Now { get; set; } = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public string ExecutionId { get; } = "execution-1";

    public ExecutionState State => _cached?.State ?? ExecutionState.NotStarted;

    public OrchestrationExecutor Executor => _cached ?? throw new InvalidOperationException("Not started.");

    public WorkMessage Start(string name, object? input, string? version = null) =>
        Message(new ExecutionStartedEvent { Timestamp = Now, Name = name, Version = version, ExecutionId = ExecutionId, Input = Codec.EncodeObject(input, "input") });

    public WorkMessage Message(HistoryEvent e, string? executionId = null, string? messageId = null) => new()
    {
        MessageId = messageId ?? WorkMessage.NewId(),
        InstanceId = InstanceId,
        ExecutionId = executionId,
        Event = e,
    };

    public WorkMessage Completed(int taskId, object? result) =>
        Message(new TaskCompletedEvent { Timestamp = Now, TaskId = taskId, Result = Codec.EncodeObject(result, "result") }, ExecutionId);

    public WorkMessage Failed(int taskId, Exception error) =>
        Message(new TaskFailedEvent { Timestamp = Now, TaskId = taskId, FailureDetails = FailureDetails.FromException(error) }, ExecutionId);

    public WorkMessage TimerFired(int taskId) => Message(new TimerFiredEvent { Timestamp = Now, TaskId = taskId, FireAt = Now }, ExecutionId);

    public WorkMessage Raised(string name, object? data) =>
        Message(new EventRaisedEvent { Timestamp = Now, Name = name, Input = Codec.EncodeObject(data, "event") });

    /// <summary>Runs one episode on the cached executor and on a fresh replay of the history, asserts they agree, commits.</summary>
    public EpisodeResult Run(params WorkMessage[] messages)
    {
        Now = Now.AddSeconds(1);
        var fresh = NewExecutor();
        fresh.Replay(History);
        _cached ??= NewExecutor();

        var cachedResult = _cached.RunEpisode(messages, Now);
        var freshResult = fresh.RunEpisode(messages, Now);

        Assert.Equal(Shape(freshResult), Shape(cachedResult));
        Assert.Equal(fresh.State, _cached.State);
        History.AddRange(cachedResult.NewEvents);
        return cachedResult;
    }

    /// <summary>Replays the history with (possibly changed) code and runs one more episode.</summary>
    public EpisodeResult ReplayThenRun(params WorkMessage[] messages)
    {
        Now = Now.AddSeconds(1);
        var executor = NewExecutor();
        executor.Replay(History);
        _cached = executor;
        var result = executor.RunEpisode(messages, Now);
        History.AddRange(result.NewEvents);
        return result;
    }

    public T Decode<T>(byte[]? payload) => Codec.Decode<T>(payload, "payload");

    public static IReadOnlyList<string> Shape(EpisodeResult result) =>
        result.NewEvents.Select(e => e switch
            {
                ScheduledActionEvent a => $"{a.EventType} #{a.TaskId} {Name(a)} {Payload(a)}",
                ActionResultEvent r => $"{r.EventType} #{r.TaskId}",
                _ => e.EventType.ToString(),
            })
            .Concat(result.Outbox.Select(m => $"out {m.Queue} {m.InstanceId} {m.Event.EventType} {m.VisibleAtUtc:O}"))
            .ToList();

    private static string Name(ScheduledActionEvent a) => a switch
    {
        TaskScheduledEvent t => t.Name,
        SubOrchestrationInstanceCreatedEvent s => $"{s.Name}/{s.InstanceId}",
        EventSentEvent s => $"{s.Name}->{s.TargetInstanceId}",
        TimerCreatedEvent t => t.FireAt.ToString("O"),
        _ => "",
    };

    private static string Payload(ScheduledActionEvent a) => a switch
    {
        TaskScheduledEvent { Input: { } input } => Convert.ToHexString(input),
        _ => "",
    };

    private OrchestrationExecutor NewExecutor() =>
        new(InstanceId, new ExecutorEnvironment(Registry, Codec, NullLoggerFactory.Instance));
}
