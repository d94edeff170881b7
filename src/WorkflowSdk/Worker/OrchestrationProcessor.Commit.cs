using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.Replay;

namespace WorkflowSdk.Worker;

/// <summary>The commit step: write the episode's events, the instance's state and its outbox in one atomic step.</summary>
internal sealed partial class OrchestrationProcessor
{
    private Task<CommitResult> CommitAsync(Episode episode, CancellationToken cancellationToken)
    {
        var commit = new EpisodeCommit
        {
            Instance = BuildRecord(episode.Executor, episode.Record, episode.StartsNewExecution, episode.Now),
            ExpectedRevision = episode.Record?.Revision ?? 0,
            StartsNewExecution = episode.StartsNewExecution,
            NewEvents = episode.Result.NewEvents,
            Outbox = Stamp(episode.Outbox, episode.Trace.TraceParent),
            OutboxClaimDuration = outbox.CommitClaim,
            WorkItem = episode.WorkItem,
        };
        episode.Committed = commit.Instance;
        return Store.CommitEpisodeAsync(commit, cancellationToken);
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

    /// <summary>Every message the episode sends carries the episode's trace context.</summary>
    private static List<WorkMessage> Stamp(List<WorkMessage> messages, string? traceParent)
    {
        if (traceParent is null)
        {
            return messages;
        }

        for (var i = 0; i < messages.Count; i++)
        {
            messages[i] = messages[i] with { TraceParent = traceParent };
        }

        return messages;
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
}
