using Microsoft.Extensions.Logging;
using WorkflowSdk.Backends;
using WorkflowSdk.Diagnostics;

namespace WorkflowSdk.Worker;

/// <summary>
/// The settle step: after a commit, cache the execution, acknowledge the messages and publish the outbox; when there is
/// nothing to commit or the episode cannot go on, acknowledge, abandon, drop or dead-letter the messages.
/// </summary>
internal sealed partial class OrchestrationProcessor
{
    private async Task SettleCommittedAsync(Episode episode, CommitResult committed)
    {
        var executor = episode.Executor;
        instrumentation.Episodes.Add(1, new KeyValuePair<string, object?>(WorkflowInstrumentation.Tags.Orchestration, executor.Name));
        episode.Trace.SetTag(WorkflowInstrumentation.Tags.Status, episode.Committed.Status.ToString());
        if (episode.Committed.Status == OrchestrationRuntimeStatus.Failed)
        {
            episode.Trace.Failed(episode.Committed.Failure?.Message ?? "failed");
        }

        logger.EpisodeCommitted(
            episode.InstanceId, executor.Name, episode.Messages.Count, episode.Result.NewEvents.Count, episode.Outbox.Count, episode.Committed.Status, episode.Replayed);
        if (executor.IsFinished)
        {
            cache.Remove(episode.InstanceId);
        }
        else
        {
            cache.Put(episode.InstanceId, executor, committed.Revision);
        }

        // Committed: from here on nothing may cancel; a crash redelivers the messages, which the next episode finds applied.
        await episode.WorkItem.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        await PublishQuietlyAsync(committed.ToPublish).ConfigureAwait(false);
        if (relay is not null && episode.Outbox.Exists(m => m.VisibleAtUtc is not null))
        {
            relay.Wake();
        }
    }

    /// <summary>Only duplicates or stale messages: nothing changes, the execution stays cached, the messages are acknowledged.</summary>
    private async Task SettleUnchangedAsync(Episode episode, CancellationToken cancellationToken)
    {
        cache.Put(episode.InstanceId, episode.Executor, episode.Record!.Revision);
        await episode.WorkItem.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Another commit changed the instance first: forget the cached execution and process the messages again.</summary>
    private async Task SettleLostRaceAsync(OrchestrationWorkItem workItem, EpisodeTrace trace)
    {
        cache.Remove(workItem.InstanceId);
        instrumentation.Conflicts.Add(1);
        trace.SetTag("workflowsdk.conflict", true);
        logger.CommitConflict(workItem.InstanceId);
        await workItem.AbandonAsync(TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Publishes what the commit handed back; a failure leaves it to the relay once the claim runs out.</summary>
    private async Task PublishQuietlyAsync(IReadOnlyList<OutboxEntry> entries)
    {
        try
        {
            await outbox.PublishAsync(entries, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Committed and still in the outbox: the relay publishes them when their claim runs out.
            logger.RelayFailed(ex);
        }
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
