using System.Diagnostics;
using Microsoft.Extensions.Logging;
using WorkflowSdk.Backends;
using WorkflowSdk.Diagnostics;
using WorkflowSdk.Replay;

namespace WorkflowSdk.Worker;

/// <summary>
/// Turns one orchestration work item (the pending messages of one instance) into one committed episode, in four steps:
/// <list type="number">
/// <item><b>Load</b> (<c>OrchestrationProcessor.Load.cs</c>): find the execution the messages are for, from the cache
/// or by replaying its history, or start a new one; drop messages nobody can use.</item>
/// <item><b>Run</b> (<c>OrchestrationProcessor.Run.cs</c>): apply the messages and run the orchestration code until it
/// waits again, including the first episodes of the executions it continues as new.</item>
/// <item><b>Commit</b> (<c>OrchestrationProcessor.Commit.cs</c>): write the new events, the instance's state and the
/// outbox atomically, guarded by the revision the load step read.</item>
/// <item><b>Settle</b> (<c>OrchestrationProcessor.Settle.cs</c>): cache the execution, acknowledge the messages and
/// publish the outbox; or, when the episode cannot go on, abandon, drop or dead-letter the messages.</item>
/// </list>
/// </summary>
internal sealed partial class OrchestrationProcessor(
    WorkflowBackend backend,
    ExecutorEnvironment environment,
    OrchestrationCache cache,
    WorkflowWorkerOptions options,
    WorkflowInstrumentation instrumentation,
    ILogger logger,
    OutboxPublisher outbox,
    OutboxRelay? relay)
{
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

            var outcome = await RunEpisodeAsync(workItem, trace, cancellationToken).ConfigureAwait(false);
            if (outcome.LostRace)
            {
                await SettleLostRaceAsync(workItem, trace).ConfigureAwait(false);
                return;
            }

            if (outcome.Orchestration is { Length: > 0 } orchestration)
            {
                instrumentation.EpisodeDuration.Record(
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>(WorkflowInstrumentation.Tags.Orchestration, orchestration));
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

    /// <summary>The four steps, in order; each of the first two may end the episode early.</summary>
    private async Task<EpisodeOutcome> RunEpisodeAsync(OrchestrationWorkItem workItem, EpisodeTrace trace, CancellationToken cancellationToken)
    {
        var (episode, handled) = await LoadAsync(workItem, trace, cancellationToken).ConfigureAwait(false);
        if (episode is null)
        {
            return handled;
        }

        Run(episode);
        if (episode.ChangesNothing)
        {
            await SettleUnchangedAsync(episode, cancellationToken).ConfigureAwait(false);
            return EpisodeOutcome.NothingCommitted;
        }

        var committed = await CommitAsync(episode, cancellationToken).ConfigureAwait(false);
        if (!committed.Succeeded)
        {
            return EpisodeOutcome.Conflict;
        }

        await SettleCommittedAsync(episode, committed).ConfigureAwait(false);
        return EpisodeOutcome.Committed(episode.Executor.Name);
    }

    /// <summary>What processing one work item came to.</summary>
    private readonly record struct EpisodeOutcome
    {
        /// <summary>Nothing was written: the messages were dropped, or changed nothing.</summary>
        public static EpisodeOutcome NothingCommitted => default;

        /// <summary>Another commit changed the instance first; nothing was written.</summary>
        public static EpisodeOutcome Conflict => new() { LostRace = true };

        /// <summary>Whether the commit lost a race.</summary>
        public bool LostRace { get; private init; }

        /// <summary>The orchestration's name when an episode was committed; otherwise <see langword="null"/>.</summary>
        public string? Orchestration { get; private init; }

        /// <summary>An episode of <paramref name="orchestration"/> was committed.</summary>
        public static EpisodeOutcome Committed(string orchestration) => new() { Orchestration = orchestration };
    }

    /// <summary>One episode as it moves through the steps: what the load step found, then what the run step produced.</summary>
    private sealed class Episode(OrchestrationWorkItem workItem, EpisodeTrace trace, DateTime now, List<WorkMessage> messages, InstanceRecord? record)
    {
        public OrchestrationWorkItem WorkItem => workItem;

        public string InstanceId => workItem.InstanceId;

        public EpisodeTrace Trace => trace;

        /// <summary>The episode's time: every event it records carries it.</summary>
        public DateTime Now => now;

        /// <summary>The messages to apply, a start message first.</summary>
        public List<WorkMessage> Messages { get; set; } = messages;

        /// <summary>The stored record the load step read (its revision guards the commit); <see langword="null"/> for a new instance.</summary>
        public InstanceRecord? Record { get; set; } = record;

        /// <summary>The execution the messages run on (after the run step: the last one, when it continued as new).</summary>
        public OrchestrationExecutor Executor { get; set; } = null!;

        /// <summary>Whether the commit begins a new execution (a start, or a ContinueAsNew).</summary>
        public bool StartsNewExecution { get; set; }

        /// <summary>How the execution was found, for logs: "cached", "new" or "replayed N event(s)".</summary>
        public string Replayed { get; set; } = "cached";

        /// <summary>The run step's result (of the last execution, when it continued as new).</summary>
        public EpisodeResult Result { get; set; } = null!;

        /// <summary>The instance's state as the commit step wrote it.</summary>
        public InstanceRecord Committed { get; set; } = null!;

        /// <summary>The messages every execution of the run step sends.</summary>
        public List<WorkMessage> Outbox { get; } = [];

        /// <summary>Whether there is nothing to commit: the messages changed nothing of an existing execution.</summary>
        public bool ChangesNothing => !StartsNewExecution && Result.ChangesNothing;
    }
}
