namespace WorkflowSdk.Backends;

/// <summary>
/// Durable state: instance records, history, and the outbox of messages committed with them.
/// Any store pairs with any <see cref="IWorkflowTransport"/>.
/// </summary>
/// <remarks>
/// <para><b>Exactly-once state transitions.</b> <see cref="CommitEpisodeAsync"/> writes an episode's new
/// history events, the instance's new state and its outbound messages in one atomic step, guarded by the
/// instance's <see cref="InstanceRecord.Revision"/>; a lost race changes nothing and reports failure.</para>
/// <para><b>No dual-write loss.</b> Outbound messages go into the store's outbox in that same commit. When the
/// transport is not the store itself, a relay publishes them and then deletes them with
/// <see cref="DeleteOutboxAsync"/>; after a crash, <see cref="ClaimDueOutboxAsync"/> finds what was left.
/// Messages with a <see cref="WorkMessage.VisibleAtUtc"/> (durable timers) stay in the outbox until due.</para>
/// </remarks>
public interface IWorkflowStore : IAsyncDisposable
{
    /// <summary>Creates tables, collections and indexes if they do not exist (idempotent).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Reads an instance's record.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The record, or <see langword="null"/> when there is no such instance.</returns>
    Task<InstanceRecord?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Reads an instance's record and the committed history of its current execution, consistently.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The record and history.</returns>
    /// <exception cref="HistoryCorruptedException">Stored history cannot be decoded.</exception>
    Task<StoredHistory> LoadHistoryAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// Creates an instance (status <see cref="OrchestrationRuntimeStatus.Pending"/>) and puts its start message in
    /// the outbox, atomically. A finished instance with the same id is replaced (its history dropped) when the
    /// policy allows it.
    /// </summary>
    /// <param name="instance">The new record.</param>
    /// <param name="startMessage">The start message (an <see cref="History.ExecutionStartedEvent"/>).</param>
    /// <param name="reuseFinished">Whether a finished instance with this id may be replaced.</param>
    /// <param name="outboxClaimDuration">When the caller publishes the message right away itself: how long the outbox entry stays
    /// invisible to other relays; <see langword="null"/> when the transport reads the outbox itself.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The outbox entry to publish now (with a relay), or <see langword="null"/>.</returns>
    /// <exception cref="OrchestrationAlreadyExistsException">The id is in use by an unfinished instance (or by a finished one when reuse is not allowed).</exception>
    Task<OutboxEntry?> CreateInstanceAsync(
        InstanceRecord instance, WorkMessage startMessage, bool reuseFinished, TimeSpan? outboxClaimDuration, CancellationToken cancellationToken);

    /// <summary>Commits one episode atomically (see the remarks on <see cref="IWorkflowStore"/>).</summary>
    /// <param name="commit">What to write.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether it was committed, and what to publish now.</returns>
    Task<CommitResult> CommitEpisodeAsync(EpisodeCommit commit, CancellationToken cancellationToken);

    /// <summary>Lists instances matching a query, one page at a time.</summary>
    /// <param name="query">The filter and page.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The page.</returns>
    Task<InstancePage> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes a finished instance, its history and its leftover messages.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of instances deleted: 1, or 0 when there was no such instance.</returns>
    /// <exception cref="InvalidOperationException">The instance has not finished.</exception>
    Task<int> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims outbox entries that are due (and not claimed by another relay, or whose claim ran out), for a relay to
    /// publish. Used only when the transport is not the store itself.
    /// </summary>
    /// <param name="maxCount">The most entries to claim.</param>
    /// <param name="claimDuration">How long the claim lasts before another relay may take the entries.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The claimed entries, oldest first.</returns>
    Task<IReadOnlyList<OutboxEntry>> ClaimDueOutboxAsync(int maxCount, TimeSpan claimDuration, CancellationToken cancellationToken);

    /// <summary>Deletes outbox entries once the transport has confirmed them.</summary>
    /// <param name="entries">The published entries.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task DeleteOutboxAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken);

    /// <summary>The earliest time an outbox entry becomes due, or <see langword="null"/> when the outbox is empty.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The time (UTC).</returns>
    Task<DateTime?> GetNextOutboxDueTimeAsync(CancellationToken cancellationToken);
}

/// <summary>A message in a store's outbox.</summary>
/// <param name="Id">The store's id for the entry.</param>
/// <param name="Message">The message.</param>
public sealed record OutboxEntry(string Id, WorkMessage Message);

/// <summary>One episode's atomic write.</summary>
public sealed record EpisodeCommit
{
    /// <summary>The instance's new state (its <see cref="InstanceRecord.Revision"/> is ignored).</summary>
    public required InstanceRecord Instance { get; init; }

    /// <summary>The revision the episode read; 0 when the instance did not exist. A mismatch fails the commit.</summary>
    public required long ExpectedRevision { get; init; }

    /// <summary>Whether this commit begins a new execution: stored history of other executions is dropped.</summary>
    public bool StartsNewExecution { get; init; }

    /// <summary>The new history events of the current execution, oldest first.</summary>
    public required IReadOnlyList<History.HistoryEvent> NewEvents { get; init; }

    /// <summary>Messages to put in the outbox.</summary>
    public required IReadOnlyList<WorkMessage> Outbox { get; init; }

    /// <summary>
    /// When the committer publishes the new messages that are due now itself: how long their outbox entries stay claimed
    /// by it (invisible to relays). <see langword="null"/> when the transport reads the outbox itself.
    /// </summary>
    public TimeSpan? OutboxClaimDuration { get; init; }

    /// <summary>
    /// The work item the episode consumed. A store that is also the transport of that work item may complete
    /// it inside the same transaction (and then sets <see cref="OrchestrationWorkItem.IsCompleted"/>).
    /// </summary>
    public OrchestrationWorkItem? WorkItem { get; init; }
}

/// <summary>The outcome of <see cref="IWorkflowStore.CommitEpisodeAsync"/>.</summary>
/// <param name="Succeeded"><see langword="false"/> when another commit changed the instance first (nothing was written).</param>
/// <param name="Revision">The instance's revision after the commit.</param>
/// <param name="ToPublish">With a relay: the new outbox entries that are due now, to publish and delete.</param>
public sealed record CommitResult(bool Succeeded, long Revision, IReadOnlyList<OutboxEntry> ToPublish)
{
    /// <summary>The result of a commit that lost the race.</summary>
    public static CommitResult Conflict { get; } = new(false, 0, []);
}
