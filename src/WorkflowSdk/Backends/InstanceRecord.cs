namespace WorkflowSdk.Backends;

/// <summary>The stored state of an orchestration instance (its current execution), as a store keeps it.</summary>
public sealed record InstanceRecord
{
    /// <summary>The instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The orchestration's name.</summary>
    public required string Name { get; init; }

    /// <summary>The orchestration's version, when versioned.</summary>
    public string? Version { get; init; }

    /// <summary>The current execution's id.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The status.</summary>
    public required OrchestrationRuntimeStatus Status { get; init; }

    /// <summary>When the current execution was created (UTC).</summary>
    public required DateTime CreatedAt { get; init; }

    /// <summary>When the instance last changed (UTC).</summary>
    public required DateTime LastUpdatedAt { get; init; }

    /// <summary>When the instance finished (UTC), if it has.</summary>
    public DateTime? CompletedAt { get; init; }

    /// <summary>The serialized input of the current execution.</summary>
    public byte[]? Input { get; init; }

    /// <summary>The serialized output (result, or termination reason).</summary>
    public byte[]? Output { get; init; }

    /// <summary>The serialized custom status.</summary>
    public byte[]? CustomStatus { get; init; }

    /// <summary>The failure, when failed.</summary>
    public FailureDetails? Failure { get; init; }

    /// <summary>The parent instance, for sub-orchestrations.</summary>
    public string? ParentInstanceId { get; init; }

    /// <summary>
    /// The optimistic-concurrency revision: incremented by every committed change. A commit names the revision it
    /// read and fails if another commit came first.
    /// </summary>
    public long Revision { get; init; }
}

/// <summary>An instance's record and the history of its current execution, read together.</summary>
/// <param name="Instance">The record, or <see langword="null"/> when the instance does not exist.</param>
/// <param name="Events">The history of the current execution, oldest first.</param>
public sealed record StoredHistory(InstanceRecord? Instance, IReadOnlyList<History.HistoryEvent> Events);

/// <summary>A filter and page for listing instances.</summary>
public sealed record InstanceQuery
{
    /// <summary>Only instances in these statuses; <see langword="null"/> or empty for all.</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }

    /// <summary>Only instances of this orchestration name (exact match).</summary>
    public string? Name { get; init; }

    /// <summary>Only instances whose id starts with this prefix.</summary>
    public string? InstanceIdPrefix { get; init; }

    /// <summary>Only instances created at or after this time (UTC).</summary>
    public DateTime? CreatedFrom { get; init; }

    /// <summary>Only instances created before this time (UTC).</summary>
    public DateTime? CreatedTo { get; init; }

    /// <summary>Only instances that finished at or after this time (UTC); unfinished instances never match.</summary>
    public DateTime? CompletedFrom { get; init; }

    /// <summary>Only instances that finished before this time (UTC); unfinished instances never match.</summary>
    public DateTime? CompletedTo { get; init; }

    /// <summary>Only sub-orchestrations started by this parent instance.</summary>
    public string? ParentInstanceId { get; init; }

    /// <summary>The most instances per page (1 to 1,000; default 100).</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>The token from the previous page, or <see langword="null"/> for the first page.</summary>
    public string? ContinuationToken { get; init; }
}

/// <summary>One page of instances, oldest first (by creation time, then id).</summary>
/// <param name="Instances">The instances on this page.</param>
/// <param name="ContinuationToken">The token for the next page, or <see langword="null"/> on the last page.</param>
public sealed record InstancePage(IReadOnlyList<InstanceRecord> Instances, string? ContinuationToken);
