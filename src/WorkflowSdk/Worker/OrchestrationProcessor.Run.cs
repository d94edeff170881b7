using Microsoft.Extensions.Logging;
using WorkflowSdk.Backends;
using WorkflowSdk.Diagnostics;
using WorkflowSdk.History;
using WorkflowSdk.Replay;

namespace WorkflowSdk.Worker;

/// <summary>The run step: apply the messages and run the orchestration code until it waits again.</summary>
internal sealed partial class OrchestrationProcessor
{
    /// <summary>Guards against an orchestration that continues as new forever without ever waiting.</summary>
    private const int MaxGenerationsPerEpisode = 1000;

    private void Run(Episode episode)
    {
        var executor = episode.Executor;
        var how = episode.StartsNewExecution ? "new" : episode.Replayed == "cached" ? "cached" : "replayed";
        StartTrace(episode.Trace, executor, episode.Messages, episode.Record?.Name, how);
        episode.Trace.SetTag(
            WorkflowInstrumentation.Tags.ExecutionId, executor.ExecutionId.Length > 0 ? executor.ExecutionId : episode.Messages.FirstOrDefault()?.ExecutionId);
        ReportFiredTimers(executor, episode.Messages, episode.Trace);

        episode.Result = executor.RunEpisode(episode.Messages, episode.Now);
        episode.Outbox.AddRange(episode.Result.Outbox);
        ContinueAsNew(episode);
    }

    /// <summary>
    /// ContinueAsNew: the next execution's first episode is part of this commit, so no message can slip in between the two
    /// executions. Repeats while each next execution continues as new at once, up to <see cref="MaxGenerationsPerEpisode"/>.
    /// </summary>
    private void ContinueAsNew(Episode episode)
    {
        for (var generation = 1; episode.Result.NextExecution is { } next; generation++)
        {
            var nextStart = new WorkMessage
            {
                MessageId = WorkMessage.NewId(),
                InstanceId = episode.InstanceId,
                ExecutionId = next.ExecutionId,
                Event = next,
            };
            var carried = episode.Result.CarriedMessages;
            episode.Executor = NewExecutor(episode.InstanceId);
            episode.StartsNewExecution = true;
            if (generation > MaxGenerationsPerEpisode)
            {
                episode.Result = episode.Executor.RunFailedEpisode(next, episode.Now, new FailureDetails(
                    "WorkflowSdk.ContinueAsNewLoop",
                    $"The orchestration continued as new {MaxGenerationsPerEpisode} times in one episode without waiting for anything; " +
                    "it was failed to stop an endless loop. Await an activity or timer between ContinueAsNew calls."));
                episode.Outbox.AddRange(episode.Result.Outbox); // the parent, if any, learns of the failure
                return;
            }

            episode.Result = episode.Executor.RunEpisode([nextStart, .. carried], episode.Now);
            episode.Outbox.AddRange(episode.Result.Outbox);
        }
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
}
