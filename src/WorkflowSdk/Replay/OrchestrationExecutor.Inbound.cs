using WorkflowSdk.History;

namespace WorkflowSdk.Replay;

/// <summary>Applying inbound events (messages, or their record during replay) to the execution.</summary>
internal sealed partial class OrchestrationExecutor
{
    /// <summary>
    /// Applies one inbound event. Returns <see langword="false"/>, without side effects, when the event
    /// changes nothing (a duplicate, a result nobody waits for, a message after completion); such events are
    /// not recorded. Identical rules run for new messages and for replayed history, which is what makes
    /// cached resume and full replay agree.
    /// </summary>
    private bool Deliver(HistoryEvent e)
    {
        switch (e)
        {
            case ExecutionStartedEvent started:
                return Start(started);
            case ExecutionTerminatedEvent terminated:
                return Terminate(terminated);
            case ExecutionFailedEvent failed:
                // Sent by a transport or worker that had to give up on a message for this instance (poison).
                if (State != ExecutionState.Running)
                {
                    return false;
                }

                FinishFailed(failed.FailureDetails);
                return true;
            case ExecutionSuspendedEvent:
                if (State != ExecutionState.Running || IsSuspended)
                {
                    return false;
                }

                Record(e);
                IsSuspended = true;
                return true;
            case ExecutionResumedEvent:
                if (State != ExecutionState.Running || !IsSuspended)
                {
                    return false;
                }

                Record(e);
                IsSuspended = false;
                var deferred = _deferredWhileSuspended.ToArray();
                _deferredWhileSuspended.Clear();
                foreach (var kept in deferred)
                {
                    if (IsFinished)
                    {
                        break;
                    }

                    ApplyToCode(kept);
                    RunCode();
                }

                return true;
        }

        if (State != ExecutionState.Running || !CanApplyToCode(e))
        {
            // The result of a cancelled timer, activity or sub-orchestration is the last thing that refers to it.
            if (e is ActionResultEvent result && _openTasks.TryGetValue(result.TaskId, out var cancelled) && cancelled.Cancelled)
            {
                _openTasks.Remove(result.TaskId);
            }

            return false;
        }

        Record(e);
        if (IsSuspended)
        {
            _deferredWhileSuspended.Add(e);
            return true;
        }

        ApplyToCode(e);
        RunCode();
        return true;
    }

    private bool Start(ExecutionStartedEvent started)
    {
        if (State != ExecutionState.NotStarted)
        {
            return false;
        }

        AdoptIdentity(started);
        var runner = _env.Registry.FindOrchestration(started.Name, started.Version, out var version);
        Version = runner is null ? started.Version : version;
        Record(started.Version == Version ? started : started with { Version = Version });
        if (runner is null)
        {
            var notFound = new OrchestrationNotFoundException(started.Name, started.Version, _env.Registry.OrchestrationNames);
            if (IsReplaying)
            {
                throw notFound;
            }

            FinishFailed(FailureDetails.FromException(notFound));
            return true;
        }

        _orchestratorTask = _scheduler.Start(() => runner.RunAsync(_context, Input, _env.Codec));
        RunCode();
        return true;
    }

    private void AdoptIdentity(ExecutionStartedEvent started)
    {
        ExecutionId = started.ExecutionId;
        Name = started.Name;
        Version = started.Version;
        Parent = started.Parent;
        Generation = started.Generation;
        TraceParent = started.TraceParent;
        Input = started.Input;
        CreatedAt = started.Timestamp;
        State = ExecutionState.Running;
    }

    private bool Terminate(ExecutionTerminatedEvent terminated)
    {
        if (State != ExecutionState.Running)
        {
            return false;
        }

        Record(terminated);
        State = ExecutionState.Terminated;
        Output = terminated.Reason;
        if (_episode is not null)
        {
            // Cascade to sub-orchestrations still running, so terminating a tree stops all of it.
            foreach (var open in _openTasks.Values)
            {
                if (open.Kind == OpenTaskKind.SubOrchestration && open.InstanceId is not null)
                {
                    _episode.Outbox.Add(new Backends.WorkMessage
                    {
                        MessageId = Backends.WorkMessage.NewId(),
                        InstanceId = open.InstanceId,
                        Event = new ExecutionTerminatedEvent { Timestamp = CurrentUtc, Reason = terminated.Reason },
                    });
                }
            }

            NotifyParent(new FailureDetails(
                typeof(OrchestrationTerminatedException).FullName!,
                $"Instance '{InstanceId}' was terminated.",
                IsNonRetriable: true));
        }

        return true;
    }

    private bool CanApplyToCode(HistoryEvent e) => e switch
    {
        EventRaisedEvent => true,
        ActionResultEvent result => _openTasks.TryGetValue(result.TaskId, out var open)
            && !open.Cancelled
            && open.Kind == KindOf(result),
        _ => false,
    };

    private static OpenTaskKind? KindOf(ActionResultEvent result) => result switch
    {
        TaskCompletedEvent or TaskFailedEvent => OpenTaskKind.Activity,
        TimerFiredEvent => OpenTaskKind.Timer,
        SubOrchestrationInstanceCompletedEvent or SubOrchestrationInstanceFailedEvent => OpenTaskKind.SubOrchestration,
        _ => null,
    };

    private void ApplyToCode(HistoryEvent e)
    {
        if (e is EventRaisedEvent raised)
        {
            DeliverExternalEvent(raised);
            return;
        }

        var result = (ActionResultEvent)e;
        if (!_openTasks.Remove(result.TaskId, out var open) || open.Cancelled)
        {
            // A timer cancelled while the instance was suspended; nothing waits any more.
            return;
        }

        switch (result)
        {
            case TaskCompletedEvent completed:
                open.Completion.TrySetResult(completed.Result);
                break;
            case TaskFailedEvent failed:
                open.Completion.TrySetException(new TaskFailedException(open.Name, open.TaskId, failed.FailureDetails));
                break;
            case SubOrchestrationInstanceCompletedEvent completed:
                open.Completion.TrySetResult(completed.Result);
                break;
            case SubOrchestrationInstanceFailedEvent failed:
                open.Completion.TrySetException(
                    new SubOrchestrationFailedException(open.Name, open.InstanceId ?? string.Empty, open.TaskId, failed.FailureDetails));
                break;
            case TimerFiredEvent:
                if (open.TimesOut is { } waiter)
                {
                    TimeOutWaiter(waiter);
                }
                else
                {
                    open.Completion.TrySetResult(null);
                }

                break;
        }
    }
}
