using WorkflowSdk.Backends;
using WorkflowSdk.History;

namespace WorkflowSdk.Replay;

/// <summary>Actions the orchestration code takes through its context, and how the execution finishes.</summary>
internal sealed partial class OrchestrationExecutor
{
    private int _guidCounter;

    internal OpenTask ScheduleActivity(string name, byte[]? input, string callerMember, string callerFile, int callerLine)
    {
        var taskId = TakeTaskId(nameof(OrchestrationContext.CallActivityAsync));
        var scheduled = new TaskScheduledEvent
        {
            Timestamp = CurrentUtc,
            TaskId = taskId,
            Name = name,
            Input = input,
            Source = PendingAction.FormatSource(callerMember, callerFile, callerLine),
        };
        var open = new OpenTask(taskId, OpenTaskKind.Activity, name);
        _openTasks.Add(taskId, open);
        AddAction(scheduled, IsReplaying ? null : Message(scheduled, InstanceId, ExecutionId));
        return open;
    }

    internal OpenTask ScheduleTimer(DateTime fireAt, EventWaiter? timesOut, string callerMember, string callerFile, int callerLine)
    {
        var taskId = TakeTaskId(nameof(OrchestrationContext.CreateTimer));
        fireAt = fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc);
        var created = new TimerCreatedEvent
        {
            Timestamp = CurrentUtc,
            TaskId = taskId,
            FireAt = fireAt,
            Source = PendingAction.FormatSource(callerMember, callerFile, callerLine),
        };
        var open = new OpenTask(taskId, OpenTaskKind.Timer, "timer") { TimesOut = timesOut, CreatedAt = CurrentUtc };
        _openTasks.Add(taskId, open);
        WorkMessage? message = null;
        if (!IsReplaying)
        {
            message = Message(new TimerFiredEvent { Timestamp = fireAt, TaskId = taskId, FireAt = fireAt }, InstanceId, ExecutionId)
                with { VisibleAtUtc = fireAt };
        }

        AddAction(created, message);
        return open;
    }

    internal OpenTask ScheduleSubOrchestration(
        string name, string? version, string? instanceId, byte[]? input, string callerMember, string callerFile, int callerLine)
    {
        var taskId = TakeTaskId(nameof(OrchestrationContext.CallSubOrchestrationAsync));
        var childId = instanceId ?? (Generation == 0 ? $"{InstanceId}:{taskId}" : $"{InstanceId}:g{Generation}:{taskId}");
        var created = new SubOrchestrationInstanceCreatedEvent
        {
            Timestamp = CurrentUtc,
            TaskId = taskId,
            Name = name,
            Version = version,
            InstanceId = childId,
            Input = input,
            Source = PendingAction.FormatSource(callerMember, callerFile, callerLine),
        };
        var open = new OpenTask(taskId, OpenTaskKind.SubOrchestration, name) { InstanceId = childId };
        _openTasks.Add(taskId, open);
        WorkMessage? message = null;
        if (!IsReplaying)
        {
            var childExecution = WorkMessage.NewId();
            message = Message(
                new ExecutionStartedEvent
                {
                    Timestamp = CurrentUtc,
                    Name = name,
                    Version = version,
                    ExecutionId = childExecution,
                    Input = input,
                    Parent = new ParentInstance(InstanceId, ExecutionId, taskId, Name),
                },
                childId,
                childExecution);
        }

        AddAction(created, message);
        return open;
    }

    internal void SendEvent(string targetInstanceId, string eventName, byte[]? data, string callerMember, string callerFile, int callerLine)
    {
        var taskId = TakeTaskId(nameof(OrchestrationContext.SendEvent));
        var sent = new EventSentEvent
        {
            Timestamp = CurrentUtc,
            TaskId = taskId,
            TargetInstanceId = targetInstanceId,
            Name = eventName,
            Input = data,
            Source = PendingAction.FormatSource(callerMember, callerFile, callerLine),
        };
        WorkMessage? message = null;
        if (!IsReplaying)
        {
            message = Message(new EventRaisedEvent { Timestamp = CurrentUtc, Name = eventName, Input = data }, targetInstanceId, executionId: null);
        }

        AddAction(sent, message);
    }

    internal void RequestContinueAsNew(byte[]? input, bool preserveUnprocessedEvents)
    {
        EnsureOnOrchestrationThread(nameof(OrchestrationContext.ContinueAsNew));
        _continueAsNew = new ContinueAsNewRequest(input, preserveUnprocessedEvents);
    }

    internal void SetCustomStatus(byte[]? status)
    {
        EnsureOnOrchestrationThread(nameof(OrchestrationContext.SetCustomStatus));
        CustomStatus = status;
    }

    internal Guid NewGuid()
    {
        EnsureOnOrchestrationThread(nameof(OrchestrationContext.NewGuid));
        return DeterministicGuid.Create(DeterministicGuid.OrchestrationNamespace, $"{InstanceId}|{ExecutionId}|{_guidCounter++}");
    }

    private int TakeTaskId(string operation)
    {
        EnsureOnOrchestrationThread(operation);
        return _nextTaskId++;
    }

    private void AddAction(ScheduledActionEvent recordedAs, WorkMessage? message) =>
        _pendingActions.Add(new PendingAction(recordedAs, message));

    private static WorkMessage Message(HistoryEvent e, string instanceId, string? executionId) => new()
    {
        MessageId = WorkMessage.NewId(),
        InstanceId = instanceId,
        ExecutionId = executionId,
        Event = e,
    };

    /// <summary>
    /// Context calls are only valid from the orchestration's own scheduler: after <c>ConfigureAwait(false)</c>
    /// or inside <c>Task.Run</c> the code runs on the thread pool, where nothing is replayable.
    /// </summary>
    internal void EnsureOnOrchestrationThread(string operation)
    {
        if (TaskScheduler.Current != _scheduler)
        {
            throw new InvalidOperationException(
                $"OrchestrationContext.{operation} was called outside the orchestration's scheduler (instance '{InstanceId}'). " +
                "Orchestration code must not use ConfigureAwait(false), Task.Run, or other threads: only the orchestration's own " +
                "continuations are replayed deterministically.");
        }

        if (State != ExecutionState.Running)
        {
            throw new InvalidOperationException(
                $"OrchestrationContext.{operation} was called after instance '{InstanceId}' finished ({State}).");
        }
    }

    private void Finish(Task<byte[]?> orchestration)
    {
        if (orchestration.IsFaulted || orchestration.IsCanceled)
        {
            var error = orchestration.Exception?.InnerException ?? new TaskCanceledException(orchestration);
            FinishFailed(FailureDetails.FromException(error));
        }
        else if (_continueAsNew is { } request)
        {
            FinishContinuedAsNew(request);
        }
        else
        {
            State = ExecutionState.Completed;
            Output = orchestration.Result;
            Terminal(new ExecutionCompletedEvent { Timestamp = CurrentUtc, Result = Output });
            NotifyParent(result: Output);
        }
    }

    private void FinishFailed(FailureDetails failure)
    {
        State = ExecutionState.Failed;
        Failure = failure;
        Terminal(new ExecutionFailedEvent { Timestamp = CurrentUtc, FailureDetails = failure });
        NotifyParent(failure);
    }

    private void FinishContinuedAsNew(ContinueAsNewRequest request)
    {
        State = ExecutionState.ContinuedAsNew;
        var newExecutionId = WorkMessage.NewId();
        Terminal(new ExecutionContinuedAsNewEvent { Timestamp = CurrentUtc, Input = request.Input, NewExecutionId = newExecutionId });
        if (_episode is null)
        {
            return;
        }

        _episode.NextExecution = new ExecutionStartedEvent
        {
            Timestamp = CurrentUtc,
            Name = Name,
            Version = Version,
            ExecutionId = newExecutionId,
            Input = request.Input,
            Parent = Parent,
            Generation = Generation + 1,
            TraceParent = TraceParent,
        };
        if (request.PreserveUnprocessedEvents)
        {
            foreach (var unconsumed in UnconsumedEvents)
            {
                _episode.CarriedMessages.Add(Message(unconsumed, InstanceId, executionId: null) with
                {
                    MessageId = unconsumed.MessageId ?? WorkMessage.NewId(),
                });
            }
        }
    }

    private void Terminal(HistoryEvent terminal)
    {
        if (IsReplaying)
        {
            _terminalDuringReplay = terminal;
        }
        else
        {
            Record(terminal);
        }
    }

    private void NotifyParent(FailureDetails? failure = null, byte[]? result = null)
    {
        if (Parent is null || _episode is null)
        {
            return;
        }

        HistoryEvent outcome = failure is null
            ? new SubOrchestrationInstanceCompletedEvent { Timestamp = CurrentUtc, TaskId = Parent.TaskId, Result = result }
            : new SubOrchestrationInstanceFailedEvent { Timestamp = CurrentUtc, TaskId = Parent.TaskId, FailureDetails = failure };
        _episode.Outbox.Add(Message(outcome, Parent.InstanceId, Parent.ExecutionId));
    }
}
