using System.Diagnostics;
using Microsoft.Extensions.Logging;
using WorkflowSdk.Backends;
using WorkflowSdk.Diagnostics;
using WorkflowSdk.History;
using WorkflowSdk.Replay;

namespace WorkflowSdk.Worker;

/// <summary>
/// Turns one orchestration work item (the pending messages of one instance) into one committed episode:
/// find the execution (cache or replay), run the episode, commit events + state + outbox atomically,
/// acknowledge the messages, publish the outbox.
/// </summary>
internal sealed class OrchestrationProcessor(
    WorkflowBackend backend,
    ExecutorEnvironment environment,
    OrchestrationCache cache,
    WorkflowWorkerOptions options,
    WorkflowInstrumentation instrumentation,
    ILogger logger,
    OutboxRelay? relay)
{
    // Guards against an orchestration that continues as new forever without ever waiting.
    private const int MaxGenerationsPerEpisode = 1000;

    private IWorkflowStore Store => backend.Store;

    public async Task ProcessAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var scope = logger.InstanceScope(workItem.InstanceId);
        using var trace = new EpisodeTrace(instrumentation.ActivitySource, workItem);
        try
        {
            if (workItem.DeliveryCount > options.MaxDeliveryCount)
            {
                trace.EnsureStarted("dead-letter");
                trace.Failed("dead-lettered");
                await DeadLetterAsync(workItem, cancellationToken).ConfigureAwait(false);
                return;
            }

            var committed = await RunEpisodeAsync(workItem, trace, cancellationToken).ConfigureAwait(false);
            if (committed is null)
            {
                cache.Remove(workItem.InstanceId);
                instrumentation.Conflicts.Add(1);
                trace.SetTag("workflowsdk.conflict", true);
                logger.CommitConflict(workItem.InstanceId);
                await workItem.AbandonAsync(TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
                return;
            }

            if (committed.Length > 0)
            {
                instrumentation.EpisodeDuration.Record(
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>(WorkflowInstrumentation.Tags.Orchestration, committed));
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested || ex is not OperationCanceledException)
        {
            cache.Remove(workItem.InstanceId);
            trace.EnsureStarted("(unknown)");
            trace.Failed(ex.Message);
            logger.OrchestrationWorkFailed(ex, workItem.InstanceId, workItem.DeliveryCount);
            await AbandonQuietlyAsync(workItem, options.ErrorRetryDelay).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the messages come back to another worker.
            cache.Remove(workItem.InstanceId);
            await AbandonQuietlyAsync(workItem, TimeSpan.Zero).ConfigureAwait(false);
        }
    }

    /// <returns>
    /// <see langword="null"/> when the commit lost a race; otherwise the orchestration's name when an episode was committed,
    /// or an empty string when there was nothing to commit.
    /// </returns>
    private async Task<string?> RunEpisodeAsync(OrchestrationWorkItem workItem, EpisodeTrace trace, CancellationToken cancellationToken)
    {
        var instanceId = workItem.InstanceId;
        var messages = StartMessagesFirst(workItem.Messages);
        // A store that is also the transport read the record with the messages; otherwise read it now.
        var record = !backend.UsesRelay && workItem.PrefetchedInstance is { } prefetched
            ? prefetched
            : await Store.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var now = options.TimeProvider.GetUtcNow().UtcDateTime;
        var startsNewExecution = false;
        var replayed = "cached";

        // An ExecutionStarted message for another execution than the stored one starts a new execution, if the id is free.
        if (messages.Count > 0 && messages[0].Event is ExecutionStartedEvent start && start.ExecutionId != record?.ExecutionId)
        {
            if (record is not null && !record.Status.IsFinished())
            {
                await RejectStartAsync(record, messages[0], start, cancellationToken).ConfigureAwait(false);
                messages = messages.Skip(1).ToList();
            }
            else
            {
                startsNewExecution = true;
                cache.Remove(instanceId);
                messages = messages.Where(m => m.ExecutionId is null || m.ExecutionId == start.ExecutionId).ToList();
            }
        }

        OrchestrationExecutor? executor = null;
        if (startsNewExecution)
        {
            executor = NewExecutor(instanceId);
        }
        else
        {
            if (record is null || record.Status.IsFinished() || messages.Count == 0)
            {
                // Messages for a finished instance are normal (a timer that lost a race, a late activity result);
                // messages for an instance that does not exist are worth a warning.
                await DropAsync(workItem, record is null ? "no such instance" : $"the instance is {record.Status}", record is null, cancellationToken)
                    .ConfigureAwait(false);
                return string.Empty;
            }

            executor = cache.TryTake(instanceId, record.Revision);
            if (executor is not null)
            {
                instrumentation.CacheHits.Add(1);
            }
            else if (record.Status == OrchestrationRuntimeStatus.Pending && messages[0].Event is ExecutionStartedEvent)
            {
                // The first episode of an instance the client created: nothing has been committed for it (the first
                // commit makes it Running), so there is no history to load or replay.
                executor = NewExecutor(instanceId);
                replayed = "new";
            }
            else
            {
                instrumentation.CacheMisses.Add(1);
                StoredHistory history;
                try
                {
                    history = await Store.LoadHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false);
                }
                catch (HistoryCorruptedException ex)
                {
                    logger.HistoryCorrupted(ex, instanceId);
                    trace.EnsureStarted(record.Name);
                    trace.Failed("history corrupted");
                    return await FailInstanceAsync(record, FailureDetails.FromException(ex), workItem, cancellationToken).ConfigureAwait(false)
                        ? record.Name
                        : null;
                }

                record = history.Instance ?? record;
                if (record.Status.IsFinished())
                {
                    await DropAsync(workItem, $"the instance is {record.Status}", warn: false, cancellationToken).ConfigureAwait(false);
                    return string.Empty;
                }

                executor = NewExecutor(instanceId);
                executor.Replay(history.Events);
                instrumentation.ReplayedEvents.Add(history.Events.Count);
                replayed = $"replayed {history.Events.Count} event(s)";
            }

        }

        StartTrace(trace, executor, messages, record?.Name, startsNewExecution ? "new" : replayed == "cached" ? "cached" : "replayed");

        trace.SetTag(WorkflowInstrumentation.Tags.ExecutionId, executor.ExecutionId.Length > 0 ? executor.ExecutionId : messages.FirstOrDefault()?.ExecutionId);
        ReportFiredTimers(executor, messages, trace);

        var result = executor.RunEpisode(messages, now);
        if (result.NewEvents.Count <= 2 && result.Outbox.Count == 0 && result.NextExecution is null && !startsNewExecution)
        {
            // Only duplicates or stale messages: nothing changes, nothing to commit.
            cache.Put(instanceId, executor, record!.Revision);
            await workItem.CompleteAsync(cancellationToken).ConfigureAwait(false);
            return string.Empty;
        }

        var outbox = new List<WorkMessage>(result.Outbox);
        for (var generation = 1; result.NextExecution is not null; generation++)
        {
            // ContinueAsNew: the next execution's first episode is part of this commit, so no message can
            // slip in between the two executions.
            var nextStart = new WorkMessage
            {
                MessageId = WorkMessage.NewId(),
                InstanceId = instanceId,
                ExecutionId = result.NextExecution.ExecutionId,
                Event = result.NextExecution,
            };
            executor = NewExecutor(instanceId);
            startsNewExecution = true;
            if (generation > MaxGenerationsPerEpisode)
            {
                result = executor.RunFailedEpisode(result.NextExecution, now, new FailureDetails(
                    "WorkflowSdk.ContinueAsNewLoop",
                    $"The orchestration continued as new {MaxGenerationsPerEpisode} times in one episode without waiting for anything; " +
                    "it was failed to stop an endless loop. Await an activity or timer between ContinueAsNew calls."));
                break;
            }

            result = executor.RunEpisode([nextStart, .. result.CarriedMessages], now);
            outbox.AddRange(result.Outbox);
        }

        var commit = new EpisodeCommit
        {
            Instance = BuildRecord(executor, record, startsNewExecution, now),
            ExpectedRevision = record?.Revision ?? 0,
            StartsNewExecution = startsNewExecution,
            NewEvents = result.NewEvents,
            Outbox = Stamp(outbox, trace.TraceParent),
            RelayLease = backend.UsesRelay ? options.RelayLease : null,
            WorkItem = workItem,
        };
        var committed = await Store.CommitEpisodeAsync(commit, cancellationToken).ConfigureAwait(false);
        if (!committed.Succeeded)
        {
            return null;
        }

        instrumentation.Episodes.Add(1, new KeyValuePair<string, object?>(WorkflowInstrumentation.Tags.Orchestration, executor.Name));
        trace.SetTag(WorkflowInstrumentation.Tags.Status, commit.Instance.Status.ToString());
        if (commit.Instance.Status == OrchestrationRuntimeStatus.Failed)
        {
            trace.Failed(commit.Instance.Failure?.Message ?? "failed");
        }

        logger.EpisodeCommitted(instanceId, executor.Name, messages.Count, result.NewEvents.Count, outbox.Count, commit.Instance.Status, replayed);
        if (executor.IsFinished)
        {
            cache.Remove(instanceId);
        }
        else
        {
            cache.Put(instanceId, executor, committed.Revision);
        }

        await workItem.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        await PublishAsync(committed.ToPublish, CancellationToken.None).ConfigureAwait(false);
        if (relay is not null && outbox.Exists(m => m.VisibleAtUtc is not null))
        {
            relay.Wake();
        }

        return executor.Name;
    }

    /// <summary>
    /// Starts the episode's span as a child of the instance's root context: the one in its history, or for a first episode
    /// the start message's (recorded into the start event, or this episode's own span when the starter was not traced).
    /// </summary>
    private static void StartTrace(EpisodeTrace trace, OrchestrationExecutor executor, List<WorkMessage> messages, string? recordName, string how)
    {
        var startIndex = executor.State == ExecutionState.NotStarted ? messages.FindIndex(m => m.Event is ExecutionStartedEvent) : -1;
        var parent = executor.TraceParent;
        var name = executor.Name.Length > 0 ? executor.Name : recordName ?? "(unknown)";
        if (startIndex >= 0)
        {
            var startEvent = (ExecutionStartedEvent)messages[startIndex].Event;
            parent = startEvent.TraceParent ?? messages[startIndex].TraceParent;
            name = startEvent.Name;
            how = "new";
            trace.Start(name, parent);
            var root = parent ?? trace.TraceParent;
            if (root != startEvent.TraceParent)
            {
                // Recorded in history: every later episode, on any worker, is a child of the same span.
                messages[startIndex] = messages[startIndex] with { Event = startEvent with { TraceParent = root } };
            }
        }
        else
        {
            trace.Start(name, parent);
        }

        trace.SetTag(WorkflowInstrumentation.Tags.Replay, how);
    }

    /// <summary>Reports a span for each timer that fires in this episode (before the episode consumes it).</summary>
    private static void ReportFiredTimers(OrchestrationExecutor executor, List<WorkMessage> messages, EpisodeTrace trace)
    {
        foreach (var message in messages)
        {
            if (message.Event is TimerFiredEvent fired && executor.OpenTimerCreatedAt(fired.TaskId) is { } createdAt)
            {
                trace.Timer(message, fired, createdAt);
            }
        }
    }

    private OrchestrationExecutor NewExecutor(string instanceId)
    {
        var executor = new OrchestrationExecutor(instanceId, environment);
        executor.Scheduler.OutOfBandWork = () => _ = ReportNonDurableWaitAsync(executor);
        return executor;
    }

    /// <summary>
    /// The code of a cached instance resumed outside any episode (it awaited a task that is not durable): fail the
    /// instance through its queue, so the failure is committed like any other step.
    /// </summary>
    private async Task ReportNonDurableWaitAsync(OrchestrationExecutor executor)
    {
        try
        {
            await backend.Transport.SendAsync(
                [
                    new WorkMessage
                    {
                        MessageId = $"non-durable-wait.{executor.ExecutionId}",
                        InstanceId = executor.InstanceId,
                        ExecutionId = executor.ExecutionId,
                        Event = new ExecutionFailedEvent { Timestamp = options.TimeProvider.GetUtcNow().UtcDateTime, FailureDetails = executor.NonDurableWaitFailure() },
                    },
                ],
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.OrchestrationWorkFailed(ex, executor.InstanceId, 0);
        }
    }

    /// <summary>A start message is applied before anything else that arrived with it.</summary>
    private static List<WorkMessage> StartMessagesFirst(IReadOnlyList<WorkMessage> messages)
    {
        var ordered = new List<WorkMessage>(messages);
        var start = ordered.FindIndex(m => m.Event is ExecutionStartedEvent);
        if (start > 0)
        {
            var message = ordered[start];
            ordered.RemoveAt(start);
            ordered.Insert(0, message);
        }

        return ordered;
    }

    private static InstanceRecord BuildRecord(OrchestrationExecutor executor, InstanceRecord? previous, bool newExecution, DateTime now)
    {
        var status = executor.State switch
        {
            ExecutionState.NotStarted => OrchestrationRuntimeStatus.Pending,
            ExecutionState.Running => executor.IsSuspended ? OrchestrationRuntimeStatus.Suspended : OrchestrationRuntimeStatus.Running,
            ExecutionState.Completed => OrchestrationRuntimeStatus.Completed,
            ExecutionState.Failed => OrchestrationRuntimeStatus.Failed,
            ExecutionState.Terminated => OrchestrationRuntimeStatus.Terminated,
            _ => OrchestrationRuntimeStatus.ContinuedAsNew,
        };
        return new InstanceRecord
        {
            InstanceId = executor.InstanceId,
            Name = executor.Name,
            Version = executor.Version,
            ExecutionId = executor.ExecutionId,
            Status = status,
            CreatedAt = newExecution || previous is null ? now : previous.CreatedAt,
            LastUpdatedAt = now,
            CompletedAt = status.IsFinished() ? now : null,
            Input = executor.Input,
            Output = executor.Output,
            CustomStatus = executor.CustomStatus,
            Failure = executor.Failure,
            ParentInstanceId = executor.Parent?.InstanceId,
        };
    }

    private static List<WorkMessage> Stamp(List<WorkMessage> outbox, string? traceParent)
    {
        if (traceParent is null)
        {
            return outbox;
        }

        for (var i = 0; i < outbox.Count; i++)
        {
            outbox[i] = outbox[i] with { TraceParent = traceParent };
        }

        return outbox;
    }

    /// <summary>A start for an id that is still in use: the parent (if any) learns that its call failed.</summary>
    private async Task RejectStartAsync(InstanceRecord record, WorkMessage message, ExecutionStartedEvent start, CancellationToken cancellationToken)
    {
        logger.SubOrchestrationIdInUse(record.InstanceId, record.Status);
        if (start.Parent is not { } parent)
        {
            return;
        }

        var failure = new FailureDetails(
            typeof(OrchestrationAlreadyExistsException).FullName!,
            new OrchestrationAlreadyExistsException(record.InstanceId, record.Status).Message,
            IsNonRetriable: true);
        // Sent directly: if this worker crashes before acknowledging, the start is redelivered and the
        // (duplicate) failure is sent again, which the parent ignores.
        await backend.Transport.SendAsync(
            [
                new WorkMessage
                {
                    MessageId = message.MessageId + ".rejected",
                    InstanceId = parent.InstanceId,
                    ExecutionId = parent.ExecutionId,
                    Event = new SubOrchestrationInstanceFailedEvent { Timestamp = DateTime.UtcNow, TaskId = parent.TaskId, FailureDetails = failure },
                },
            ],
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> DropAsync(OrchestrationWorkItem workItem, string reason, bool warn, CancellationToken cancellationToken)
    {
        if (warn)
        {
            logger.MessagesDropped(workItem.InstanceId, workItem.Messages.Count, reason);
        }
        else
        {
            logger.MessagesIgnored(workItem.InstanceId, workItem.Messages.Count, reason);
        }

        await workItem.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Fails an instance whose messages cannot be processed, without running its code.</summary>
    private async Task<bool> FailInstanceAsync(InstanceRecord record, FailureDetails failure, OrchestrationWorkItem? workItem, CancellationToken cancellationToken)
    {
        var now = options.TimeProvider.GetUtcNow().UtcDateTime;
        var commit = new EpisodeCommit
        {
            Instance = record with
            {
                Status = OrchestrationRuntimeStatus.Failed,
                Failure = failure,
                LastUpdatedAt = now,
                CompletedAt = now,
            },
            ExpectedRevision = record.Revision,
            NewEvents =
            [
                new OrchestratorStartedEvent { Timestamp = now },
                new ExecutionFailedEvent { Timestamp = now, FailureDetails = failure },
                new OrchestratorCompletedEvent { Timestamp = now },
            ],
            Outbox = [],
            WorkItem = workItem,
        };
        var committed = await Store.CommitEpisodeAsync(commit, cancellationToken).ConfigureAwait(false);
        cache.Remove(record.InstanceId);
        if (committed.Succeeded && workItem is not null)
        {
            await workItem.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return committed.Succeeded;
    }

    private async Task DeadLetterAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken)
    {
        var reason = $"Messages for instance '{workItem.InstanceId}' were delivered {workItem.DeliveryCount} times without being processed " +
                     $"(limit {options.MaxDeliveryCount}); they were dead-lettered. See the worker logs for the errors.";
        logger.OrchestrationDeadLettered(workItem.InstanceId, workItem.DeliveryCount, reason);
        instrumentation.DeadLetters.Add(workItem.Messages.Count, new KeyValuePair<string, object?>(WorkflowInstrumentation.Tags.Queue, "orchestration"));
        var record = await Store.GetInstanceAsync(workItem.InstanceId, cancellationToken).ConfigureAwait(false);
        if (record is not null && !record.Status.IsFinished())
        {
            // Fail first, then dead-letter: a crash in between redelivers, finds the instance failed and only dead-letters.
            await FailInstanceAsync(record, new FailureDetails("WorkflowSdk.PoisonMessage", reason, IsNonRetriable: true), workItem: null, cancellationToken)
                .ConfigureAwait(false);
        }

        await workItem.DeadLetterAsync(reason, cancellationToken).ConfigureAwait(false);
    }

    private async Task PublishAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        try
        {
            await backend.Transport.SendAsync(entries.Select(e => e.Message).ToList(), cancellationToken).ConfigureAwait(false);
            await Store.DeleteOutboxAsync(entries, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Committed and still in the outbox: the relay publishes them when their lease runs out.
            logger.RelayFailed(ex);
        }
    }

    private static async Task AbandonQuietlyAsync(OrchestrationWorkItem workItem, TimeSpan delay)
    {
        try
        {
            await workItem.AbandonAsync(delay, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The lease runs out on its own; nothing is lost.
        }
    }
}
