using WorkflowSdk.Backends;
using WorkflowSdk.History;

namespace WorkflowSdk.Replay;

/// <summary>What one episode produced: the events to append, the messages to send, and where the execution stands.</summary>
internal sealed class EpisodeResult
{
    /// <summary>Every episode records these two: <see cref="OrchestratorStartedEvent"/> and <see cref="OrchestratorCompletedEvent"/>.</summary>
    private const int BracketEventCount = 2;

    /// <summary>The new history events, from <see cref="OrchestratorStartedEvent"/> to <see cref="OrchestratorCompletedEvent"/>.</summary>
    public List<HistoryEvent> NewEvents { get; } = [];

    /// <summary>Messages to commit with the events (activity calls, timers, sub-orchestration starts, notifications).</summary>
    public List<WorkMessage> Outbox { get; } = [];

    /// <summary>When the execution continued as new: the start event of the next execution.</summary>
    public ExecutionStartedEvent? NextExecution { get; set; }

    /// <summary>When the execution continued as new: inbound events handed to the next execution, in arrival order.</summary>
    public List<WorkMessage> CarriedMessages { get; } = [];

    /// <summary>How many of the episode's messages were applied (the rest were duplicates or stale).</summary>
    public int AppliedMessages { get; set; }

    /// <summary>
    /// Whether the episode changed nothing: it recorded only its bracket events (its messages were duplicates or stale),
    /// sends nothing and does not continue as new, so there is nothing to commit.
    /// </summary>
    public bool ChangesNothing => NewEvents.Count <= BracketEventCount && Outbox.Count == 0 && NextExecution is null;
}
