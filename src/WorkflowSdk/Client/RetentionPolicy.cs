namespace WorkflowSdk;

/// <summary>
/// How long finished instances are kept, per final status, before they are purged with their history. Off unless
/// given: set <see cref="WorkflowWorkerOptions.Retention"/> to have every worker sweep on an interval, or call
/// <see cref="WorkflowClient.PurgeExpiredAsync"/> from a job of your own.
/// </summary>
/// <remarks>
/// Age is measured from the instance's completion time. A status whose age is <see langword="null"/> is kept forever.
/// Sweeps are idempotent: several workers sweeping at once only repeat each other's reads.
/// </remarks>
public sealed record RetentionPolicy
{
    /// <summary>Completed instances older than this are purged; <see langword="null"/> keeps them.</summary>
    public TimeSpan? Completed { get; init; }

    /// <summary>Failed instances older than this are purged; <see langword="null"/> keeps them (often longer than completed ones, to investigate).</summary>
    public TimeSpan? Failed { get; init; }

    /// <summary>Terminated instances older than this are purged; <see langword="null"/> keeps them.</summary>
    public TimeSpan? Terminated { get; init; }

    /// <summary>How often a worker sweeps (default one hour); the first sweep runs when the worker starts.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Instances listed per store call while sweeping (1 to 1,000; default 100).</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Creates a policy that purges every finished instance older than <paramref name="age"/>, whatever its status.</summary>
    /// <param name="age">How long finished instances are kept.</param>
    /// <returns>The policy.</returns>
    public static RetentionPolicy All(TimeSpan age) => new() { Completed = age, Failed = age, Terminated = age };

    /// <summary>The statuses this policy purges, with their ages.</summary>
    internal IEnumerable<(OrchestrationRuntimeStatus Status, TimeSpan Age)> Ages()
    {
        if (Completed is { } completed)
        {
            yield return (OrchestrationRuntimeStatus.Completed, completed);
        }

        if (Failed is { } failed)
        {
            yield return (OrchestrationRuntimeStatus.Failed, failed);
        }

        if (Terminated is { } terminated)
        {
            yield return (OrchestrationRuntimeStatus.Terminated, terminated);
        }
    }

    /// <summary>The problems with this policy, each starting with the setting's name; empty when valid.</summary>
    internal IEnumerable<string> ValidationErrors()
    {
        foreach (var (status, age) in Ages())
        {
            if (age < TimeSpan.Zero)
            {
                yield return $"Retention.{status} must not be negative (it is {age}).";
            }
        }

        if (Interval <= TimeSpan.Zero)
        {
            yield return $"Retention.Interval must be positive (it is {Interval}).";
        }

        if (BatchSize is < 1 or > 1000)
        {
            yield return $"Retention.BatchSize must be between 1 and 1,000 (it is {BatchSize}).";
        }
    }
}

/// <summary>What one retention sweep purged.</summary>
/// <param name="Completed">Completed instances purged.</param>
/// <param name="Failed">Failed instances purged.</param>
/// <param name="Terminated">Terminated instances purged.</param>
public sealed record RetentionSweepResult(int Completed, int Failed, int Terminated)
{
    /// <summary>All instances purged.</summary>
    public int Total => Completed + Failed + Terminated;
}
