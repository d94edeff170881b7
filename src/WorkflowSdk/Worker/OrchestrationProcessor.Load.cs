using Microsoft.Extensions.Logging;
using WorkflowSdk.Backends;
using WorkflowSdk.Diagnostics;
using WorkflowSdk.History;
using WorkflowSdk.Replay;

namespace WorkflowSdk.Worker;

/// <summary>The load step: find the execution a work item's messages are for.</summary>
internal sealed partial class OrchestrationProcessor
{
    /// <returns>
    /// The episode to run; or no episode and what became of the work item when it was settled here (messages for a
    /// finished or unknown instance are dropped; an instance whose history cannot be read is failed).
    /// </returns>
    private async Task<(Episode? Episode, EpisodeOutcome Handled)> LoadAsync(
        OrchestrationWorkItem workItem, EpisodeTrace trace, CancellationToken cancellationToken)
    {
        var instanceId = workItem.InstanceId;
        // A store that is also the transport read the record with the messages; otherwise read it now.
        var record = !backend.UsesRelay && workItem.PrefetchedInstance is { } prefetched
            ? prefetched
            : await Store.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var episode = new Episode(workItem, trace, options.TimeProvider.GetUtcNow().UtcDateTime, StartMessagesFirst(workItem.Messages), record);

        // An ExecutionStarted message for another execution than the stored one starts a new execution, if the id is free.
        if (episode.Messages.Count > 0 && episode.Messages[0].Event is ExecutionStartedEvent start && start.ExecutionId != record?.ExecutionId)
        {
            if (record is not null && !record.Status.IsFinished())
            {
                await RejectStartAsync(record, episode.Messages[0], start, cancellationToken).ConfigureAwait(false);
                episode.Messages = episode.Messages.Skip(1).ToList();
            }
            else
            {
                cache.Remove(instanceId);
                episode.StartsNewExecution = true;
                episode.Messages = episode.Messages.Where(m => m.ExecutionId is null || m.ExecutionId == start.ExecutionId).ToList();
                episode.Executor = NewExecutor(instanceId);
                return (episode, default);
            }
        }

        if (record is null || record.Status.IsFinished() || episode.Messages.Count == 0)
        {
            // Messages for a finished instance are normal (a timer that lost a race, a late activity result);
            // messages for an instance that does not exist are worth a warning.
            await DropAsync(workItem, record is null ? "no such instance" : $"the instance is {record.Status}", record is null, cancellationToken)
                .ConfigureAwait(false);
            return (null, EpisodeOutcome.NothingCommitted);
        }

        if (cache.TryTake(instanceId, record.Revision) is { } cached)
        {
            instrumentation.CacheHits.Add(1);
            episode.Executor = cached;
            return (episode, default);
        }

        if (record.Status == OrchestrationRuntimeStatus.Pending && episode.Messages[0].Event is ExecutionStartedEvent)
        {
            // The first episode of an instance the client created: nothing has been committed for it (the first
            // commit makes it Running), so there is no history to load or replay.
            episode.Executor = NewExecutor(instanceId);
            episode.Replayed = "new";
            return (episode, default);
        }

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
            return (null, await FailInstanceAsync(record, FailureDetails.FromException(ex), workItem, cancellationToken).ConfigureAwait(false)
                ? EpisodeOutcome.Committed(record.Name)
                : EpisodeOutcome.Conflict);
        }

        episode.Record = history.Instance ?? record;
        if (episode.Record.Status.IsFinished())
        {
            await DropAsync(workItem, $"the instance is {episode.Record.Status}", warn: false, cancellationToken).ConfigureAwait(false);
            return (null, EpisodeOutcome.NothingCommitted);
        }

        episode.Executor = NewExecutor(instanceId);
        episode.Executor.Replay(history.Events);
        instrumentation.ReplayedEvents.Add(history.Events.Count);
        episode.Replayed = $"replayed {history.Events.Count} event(s)";
        return (episode, default);
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

    private OrchestrationExecutor NewExecutor(string instanceId)
    {
        var executor = new OrchestrationExecutor(instanceId, environment);
        executor.Scheduler.OutOfBandWork = () => _ = ReportNonDurableWaitAsync(executor);
        return executor;
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
}
