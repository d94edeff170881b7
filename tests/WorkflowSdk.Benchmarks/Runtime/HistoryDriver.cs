using Microsoft.Extensions.Logging.Abstractions;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.Replay;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.Benchmarks.Runtime;

/// <summary>
/// Drives the replay engine in memory, the way a worker does but without a backend: starts an instance, answers each
/// activity call it schedules with its input plus one, and keeps the history the episodes produced.
/// </summary>
internal sealed class HistoryDriver
{
    private static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly ExecutorEnvironment _environment;
    private readonly IPayloadSerializer _serializer;
    private readonly List<WorkMessage> _pendingCalls = [];
    private readonly bool _keepHistory;
    private DateTime _now = Epoch;

    /// <summary>Starts an instance of <paramref name="orchestration"/> with <paramref name="steps"/> as its input.</summary>
    /// <param name="orchestration">The orchestration's name.</param>
    /// <param name="steps">Its input.</param>
    /// <param name="keepHistory">Whether to keep the events (a long-running warm executor does not need them).</param>
    public HistoryDriver(string orchestration, int steps, bool keepHistory = true)
    {
        const string instanceId = "bench";
        _keepHistory = keepHistory;
        _serializer = DefaultPayloadSerializer.Create();
        _environment = NewEnvironment(_serializer);
        Executor = new OrchestrationExecutor(instanceId, _environment);
        var start = new WorkMessage
        {
            MessageId = WorkMessage.NewId(),
            InstanceId = instanceId,
            Event = new ExecutionStartedEvent
            {
                Timestamp = _now,
                Name = orchestration,
                ExecutionId = Guid.NewGuid().ToString("N"),
                Input = _serializer.Serialize(steps),
            },
        };
        Take(Executor.RunEpisode([start], _now));
    }

    /// <summary>The live (warm) executor.</summary>
    public OrchestrationExecutor Executor { get; }

    /// <summary>Every event the episodes so far produced, oldest first.</summary>
    public List<HistoryEvent> History { get; } = [];

    /// <summary>The environment executors of this driver share (registry, codec, logging).</summary>
    public ExecutorEnvironment Environment => _environment;

    /// <summary>Runs one episode that completes the oldest open activity call.</summary>
    /// <returns>Whether there was a call to complete.</returns>
    public bool Step()
    {
        if (_pendingCalls.Count == 0)
        {
            return false;
        }

        var call = _pendingCalls[0];
        _pendingCalls.RemoveAt(0);
        _now = _now.AddMilliseconds(1);
        Take(Executor.RunEpisode([CompletionOf(call)], _now));
        return true;
    }

    /// <summary>Steps until the history has at least <paramref name="events"/> events or the instance finished.</summary>
    /// <param name="events">The history length to reach.</param>
    public void RunUntil(int events)
    {
        while (History.Count < events && Step())
        {
        }
    }

    /// <summary>Runs <paramref name="steps"/> episodes (or until the instance finished).</summary>
    /// <param name="steps">How many.</param>
    public void RunUntilSteps(int steps)
    {
        for (var i = 0; i < steps && Step(); i++)
        {
        }
    }

    /// <summary>The message that completes the oldest open call, without applying it.</summary>
    /// <returns>The completion message.</returns>
    public WorkMessage NextCompletion() => CompletionOf(_pendingCalls[0]);

    /// <summary>What a worker does on a cache miss: decodes the stored history and replays it on a new executor.</summary>
    /// <param name="environment">The registry, codec and logging.</param>
    /// <param name="stored">The history as the store keeps it.</param>
    /// <returns>The executor, ready for the next episode.</returns>
    public static OrchestrationExecutor ColdReplay(ExecutorEnvironment environment, byte[] stored)
    {
        var executor = new OrchestrationExecutor("bench", environment);
        executor.Replay(WireFormat.DecodeEvents(stored));
        return executor;
    }

    /// <summary>A registry, codec and logging as a worker builds them, with the benchmark workflows registered.</summary>
    /// <param name="serializer">The payload serializer.</param>
    /// <returns>The environment.</returns>
    public static ExecutorEnvironment NewEnvironment(IPayloadSerializer serializer) =>
        new(new WorkflowRegistry().AddGeneratedWorkflows(), new PayloadCodec(serializer), NullLoggerFactory.Instance);

    private WorkMessage CompletionOf(WorkMessage call)
    {
        var scheduled = (TaskScheduledEvent)call.Event;
        var input = _serializer.Deserialize<int>(scheduled.Input);
        return new WorkMessage
        {
            MessageId = WorkMessage.NewId(),
            InstanceId = call.InstanceId,
            ExecutionId = Executor.ExecutionId,
            Event = new TaskCompletedEvent { Timestamp = _now, TaskId = scheduled.TaskId, Result = _serializer.Serialize(input + 1) },
        };
    }

    private void Take(EpisodeResult episode)
    {
        if (_keepHistory)
        {
            History.AddRange(episode.NewEvents);
        }

        _pendingCalls.AddRange(episode.Outbox.Where(m => m.Event is TaskScheduledEvent));
    }
}
