using Microsoft.Extensions.Logging;
using WorkflowSdk.Backends;
using WorkflowSdk.History;

namespace WorkflowSdk.Replay;

/// <summary>
/// Runs one execution of one orchestration instance: replays its history through the orchestration code,
/// then applies new messages as an episode and reports the events and messages to commit.
/// </summary>
/// <remarks>
/// <para>An executor is single-threaded and lives across episodes: a worker keeps it in its cache between
/// messages so that a new message resumes the suspended coroutine instead of replaying the whole history
/// (<see cref="RunEpisode"/> on a cached executor and on a freshly <see cref="Replay"/>ed one give identical
/// results).</para>
/// <para>Replay is checked step by step: the actions the code takes must be the ones the history recorded,
/// in the same order, at the same point (after the same inbound event). Any divergence stops the replay
/// with a <see cref="NonDeterminismException"/>, and the next episode fails the instance with it.</para>
/// </remarks>
internal sealed partial class OrchestrationExecutor
{
    private readonly ExecutorEnvironment _env;
    private readonly OrchestrationTaskScheduler _scheduler = new();
    private readonly ReplayOrchestrationContext _context;
    private readonly ILogger _logger;

    private readonly Dictionary<int, OpenTask> _openTasks = [];
    private readonly HashSet<string> _appliedMessageIds = new(StringComparer.Ordinal);
    private readonly List<PendingAction> _pendingActions = [];
    private readonly List<HistoryEvent> _deferredWhileSuspended = [];

    private int _nextTaskId;
    private Task<byte[]?>? _orchestratorTask;
    private ContinueAsNewRequest? _continueAsNew;
    private Exception? _replayFailure;

    // Non-null while running a new episode: where new events and messages go.
    private EpisodeResult? _episode;

    // During replay: the terminal event the code produced, to be matched against the history.
    private HistoryEvent? _terminalDuringReplay;

    public OrchestrationExecutor(string instanceId, ExecutorEnvironment environment)
    {
        InstanceId = instanceId;
        _env = environment;
        _context = new ReplayOrchestrationContext(this);
        _logger = environment.LoggerFactory.CreateLogger("WorkflowSdk.Replay");
    }

    public string InstanceId { get; }

    public string ExecutionId { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public string? Version { get; private set; }

    public ParentInstance? Parent { get; private set; }

    public int Generation { get; private set; }

    /// <summary>The <c>traceparent</c> the execution's episodes are children of (see <see cref="ExecutionStartedEvent.TraceParent"/>).</summary>
    public string? TraceParent { get; private set; }

    public byte[]? Input { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public ExecutionState State { get; private set; }

    public bool IsSuspended { get; private set; }

    public bool IsFinished => State is ExecutionState.Completed or ExecutionState.Failed
        or ExecutionState.Terminated or ExecutionState.ContinuedAsNew;

    public byte[]? Output { get; private set; }

    public FailureDetails? Failure { get; private set; }

    public byte[]? CustomStatus { get; private set; }

    public bool IsReplaying { get; private set; }

    public DateTime CurrentUtc { get; private set; }

    /// <summary>How many history events this executor has seen (replayed plus recorded).</summary>
    public int HistoryLength { get; private set; }

    internal ExecutorEnvironment Environment => _env;

    /// <summary>When the timer with task id <paramref name="taskId"/> was created, if it is a timer still open.</summary>
    /// <param name="taskId">The timer's task id.</param>
    /// <returns>The orchestration time of its creation, or <see langword="null"/>.</returns>
    public DateTime? OpenTimerCreatedAt(int taskId) =>
        _openTasks.TryGetValue(taskId, out var open) && open.Kind == OpenTaskKind.Timer ? open.CreatedAt : null;

    internal OrchestrationTaskScheduler Scheduler => _scheduler;

    /// <summary>
    /// Replays recorded history (all episodes of the current execution). A divergence does not throw: it is
    /// kept and turned into the instance's failure by the next <see cref="RunEpisode"/>.
    /// </summary>
    /// <param name="history">The execution's history, oldest first.</param>
    public void Replay(IReadOnlyList<HistoryEvent> history)
    {
        if (HistoryLength != 0)
        {
            throw new InvalidOperationException("Replay runs once, on a new executor.");
        }

        using var turn = _scheduler.BeginTurn();
        IsReplaying = true;
        try
        {
            foreach (var e in history)
            {
                HistoryLength++;
                ReplayEvent(e);
            }

            if (_terminalDuringReplay is not null)
            {
                throw Diverged(NextStep, "no completion", $"completed the orchestration ({Describe(_terminalDuringReplay)})");
            }
        }
        catch (Exception ex) when (ex is NonDeterminismException or OrchestrationNotFoundException)
        {
            _replayFailure = ex;
            _logger.LogWarning(ex, "Replay of instance {InstanceId} failed: {Message}", InstanceId, ex.Message);
        }
        finally
        {
            IsReplaying = false;
        }
    }

    /// <summary>
    /// Runs one episode: applies <paramref name="messages"/> in order (dropping duplicates and stale ones),
    /// letting the code run after each, and returns what to commit.
    /// </summary>
    /// <param name="messages">The messages, oldest first (a start message first).</param>
    /// <param name="now">The episode's time: the orchestration's <see cref="OrchestrationContext.CurrentUtcDateTime"/>.</param>
    /// <returns>The events and messages to commit.</returns>
    public EpisodeResult RunEpisode(IReadOnlyList<WorkMessage> messages, DateTime now)
    {
        using var turn = _scheduler.BeginTurn();
        var episode = new EpisodeResult();
        _episode = episode;
        CurrentUtc = now;
        try
        {
            Record(new OrchestratorStartedEvent { Timestamp = now });
            if (_replayFailure is not null)
            {
                FinishFailed(FailureDetails.FromException(_replayFailure));
            }
            else
            {
                foreach (var message in messages)
                {
                    ApplyMessage(message, episode);
                }
            }

            Record(new OrchestratorCompletedEvent { Timestamp = now });
            return episode;
        }
        finally
        {
            _episode = null;
        }
    }

    /// <summary>
    /// Records the start of an execution and its immediate failure without running any code (used when the
    /// worker refuses to run it, e.g. an endless ContinueAsNew loop).
    /// </summary>
    /// <param name="start">The execution's start event.</param>
    /// <param name="now">The episode's time.</param>
    /// <param name="failure">Why it failed.</param>
    /// <returns>The events and messages to commit.</returns>
    public EpisodeResult RunFailedEpisode(ExecutionStartedEvent start, DateTime now, FailureDetails failure)
    {
        var episode = new EpisodeResult();
        _episode = episode;
        CurrentUtc = now;
        try
        {
            Record(new OrchestratorStartedEvent { Timestamp = now });
            AdoptIdentity(start);
            Record(start);
            FinishFailed(failure);
            Record(new OrchestratorCompletedEvent { Timestamp = now });
            return episode;
        }
        finally
        {
            _episode = null;
        }
    }

    private void ApplyMessage(WorkMessage message, EpisodeResult episode)
    {
        if (IsFinished)
        {
            // The rest of the batch arrived after completion; instance-level messages (and, when asked,
            // external events) belong to the next execution of a continued-as-new instance.
            if (State == ExecutionState.ContinuedAsNew && message.ExecutionId is null
                && (message.Event is not EventRaisedEvent || _continueAsNew!.PreserveUnprocessedEvents))
            {
                episode.CarriedMessages.Add(message);
            }

            return;
        }

        if (message.ExecutionId is not null && ExecutionId.Length > 0 && message.ExecutionId != ExecutionId)
        {
            _logger.LogDebug("Dropped {EventType} for execution {Stale} of instance {InstanceId} (current: {Current}).",
                message.Event.EventType, message.ExecutionId, InstanceId, ExecutionId);
            return;
        }

        if (!_appliedMessageIds.Add(message.MessageId))
        {
            _logger.LogDebug("Dropped duplicate message {MessageId} for instance {InstanceId}.", message.MessageId, InstanceId);
            return;
        }

        var e = message.Event.MessageId == message.MessageId ? message.Event : message.Event with { MessageId = message.MessageId };
        if (Deliver(e))
        {
            episode.AppliedMessages++;
        }
        else
        {
            _logger.LogDebug("Ignored {EventType} for instance {InstanceId}: nothing waits for it.", e.EventType, InstanceId);
        }
    }

    private void ReplayEvent(HistoryEvent e)
    {
        switch (e)
        {
            case OrchestratorStartedEvent:
                CurrentUtc = e.Timestamp;
                break;
            case OrchestratorCompletedEvent:
                if (_pendingActions.Count > 0)
                {
                    var extra = _pendingActions[0];
                    throw Diverged(extra.Event.TaskId, "nothing more in that episode", $"scheduled {DescribeAction(extra.Event)}");
                }

                break;
            case ScheduledActionEvent recorded:
                MatchRecordedAction(recorded);
                break;
            case ExecutionCompletedEvent or ExecutionFailedEvent or ExecutionContinuedAsNewEvent:
                if (_terminalDuringReplay is null || _terminalDuringReplay.EventType != e.EventType)
                {
                    throw Diverged(NextStep, Describe(e),
                        _terminalDuringReplay is null ? "had not completed" : Describe(_terminalDuringReplay));
                }

                _terminalDuringReplay = null;
                break;
            default:
                if (_terminalDuringReplay is not null)
                {
                    throw Diverged(NextStep, Describe(e), $"had already completed ({Describe(_terminalDuringReplay)})");
                }

                if (e.MessageId is not null)
                {
                    _appliedMessageIds.Add(e.MessageId);
                }

                if (!Deliver(e))
                {
                    throw Diverged(e is ActionResultEvent r ? r.TaskId : NextStep, Describe(e), "had nothing waiting for it");
                }

                break;
        }
    }

    private void MatchRecordedAction(ScheduledActionEvent recorded)
    {
        if (_terminalDuringReplay is not null)
        {
            throw Diverged(recorded.TaskId, DescribeAction(recorded), $"had already completed ({Describe(_terminalDuringReplay)})");
        }

        if (_pendingActions.Count == 0)
        {
            throw Diverged(recorded.TaskId, DescribeAction(recorded), "did not schedule it");
        }

        var actual = _pendingActions[0];
        if (!SameAction(recorded, actual.Event))
        {
            throw Diverged(recorded.TaskId, DescribeAction(recorded), $"scheduled {DescribeAction(actual.Event)}");
        }

        _pendingActions.RemoveAt(0);
    }

    private static bool SameAction(ScheduledActionEvent recorded, ScheduledActionEvent actual) =>
        recorded.TaskId == actual.TaskId && (recorded, actual) switch
        {
            (TaskScheduledEvent r, TaskScheduledEvent a) => r.Name == a.Name,
            (TimerCreatedEvent, TimerCreatedEvent) => true,
            (SubOrchestrationInstanceCreatedEvent r, SubOrchestrationInstanceCreatedEvent a) => r.Name == a.Name && r.InstanceId == a.InstanceId,
            (EventSentEvent r, EventSentEvent a) => r.Name == a.Name && r.TargetInstanceId == a.TargetInstanceId,
            _ => false,
        };

    private int NextStep => _nextTaskId;

    private NonDeterminismException Diverged(int step, string? recorded, string? actual) =>
        new(InstanceId, Name, step, recorded, actual);

    private static string DescribeAction(ScheduledActionEvent action)
    {
        var what = action switch
        {
            TaskScheduledEvent t => $"a call to activity '{t.Name}' (task #{t.TaskId})",
            TimerCreatedEvent t => $"a timer (task #{t.TaskId}) due {t.FireAt:O}",
            SubOrchestrationInstanceCreatedEvent s => $"a call to sub-orchestration '{s.Name}' (instance '{s.InstanceId}', task #{s.TaskId})",
            EventSentEvent s => $"event '{s.Name}' sent to instance '{s.TargetInstanceId}' (task #{s.TaskId})",
            _ => action.EventType.ToString(),
        };
        return action.Source is null ? what : $"{what} at {action.Source}";
    }

    private static string Describe(HistoryEvent e) => e switch
    {
        ScheduledActionEvent a => DescribeAction(a),
        ActionResultEvent r => $"{e.EventType} for task #{r.TaskId}",
        EventRaisedEvent r => $"external event '{r.Name}'",
        ExecutionFailedEvent f => $"a failure ({f.FailureDetails.ErrorType}: {f.FailureDetails.Message})",
        _ => e.EventType.ToString(),
    };

    /// <summary>Adds an event to the new episode's history (no-op while replaying).</summary>
    private void Record(HistoryEvent e)
    {
        if (_episode is null)
        {
            return;
        }

        _episode.NewEvents.Add(e);
        HistoryLength++;
    }

    /// <summary>Lets the code run until it waits; then records what it did (new episode) or keeps it for matching (replay).</summary>
    private void RunCode()
    {
        _scheduler.RunUntilIdle();
        if (_episode is not null)
        {
            foreach (var action in _pendingActions)
            {
                Record(action.Event);
                if (action.Message is not null)
                {
                    _episode.Outbox.Add(action.Message);
                }
            }

            _pendingActions.Clear();
        }

        if (_episode is not null && State == ExecutionState.Running && _scheduler.SawOutOfBandWork)
        {
            // Code resumed from another thread, even if it then finished: what it did is not replayable.
            FinishFailed(NonDurableWaitFailure());
        }
        else if (_orchestratorTask is { IsCompleted: true } && State == ExecutionState.Running)
        {
            Finish(_orchestratorTask);
        }
        else if (_episode is not null && State == ExecutionState.Running && !WaitsForAnythingDurable())
        {
            // Nothing can resume this code deterministically: fail loudly instead of hanging.
            FinishFailed(NonDurableWaitFailure());
        }
    }

    /// <summary>
    /// The failure of an orchestration that awaited something that is not durable; also sent as a message when such
    /// a continuation arrives while no episode runs (see <see cref="OrchestrationTaskScheduler.OutOfBandWork"/>).
    /// </summary>
    internal FailureDetails NonDurableWaitFailure() => new(
        NonDurableWaitErrorType,
        $"Orchestration '{Name}' (instance '{InstanceId}') awaited something that is not durable: a task that did not come from the " +
        "OrchestrationContext (for example CancellationTokenSource.CancelAsync, Task.Delay, Task.Run or I/O) completed outside the " +
        "orchestration's scheduler, or the code is waiting with no activity, timer, sub-orchestration or external event pending. Such a " +
        "wait is not recorded in history and would not resume the same way on replay. Await only context tasks (cts.Cancel() instead " +
        "of CancelAsync, context.CreateTimer instead of Task.Delay, activities for I/O).",
        IsNonRetriable: true);

    /// <summary>The error type of an instance failed because its code waited for something that is not durable.</summary>
    internal const string NonDurableWaitErrorType = "WorkflowSdk.NonDurableWait";

    private bool WaitsForAnythingDurable() =>
        IsSuspended || HasLiveWaiters || _openTasks.Values.Any(t => !t.Cancelled);
}

/// <summary>A pending <c>ContinueAsNew</c>.</summary>
internal sealed record ContinueAsNewRequest(byte[]? Input, bool PreserveUnprocessedEvents);
