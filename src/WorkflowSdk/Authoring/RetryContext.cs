namespace WorkflowSdk;

/// <summary>
/// What a <see cref="RetryOptions.RetryHandler"/> is told about a failed attempt, to decide whether another one
/// follows.
/// </summary>
/// <remarks>
/// Built from orchestration time and the recorded failure, so the same history always gives the same context: a
/// handler that decides only from it stays deterministic.
/// </remarks>
public sealed class RetryContext
{
    /// <summary>Creates the context of a failed attempt.</summary>
    /// <param name="lastAttemptNumber">The one-based number of the attempt that just failed.</param>
    /// <param name="totalRetryTime">Orchestration time passed since the first attempt started.</param>
    /// <param name="lastFailure">The failure of that attempt.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lastAttemptNumber"/> is below 1.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="lastFailure"/> is <see langword="null"/>.</exception>
    public RetryContext(int lastAttemptNumber, TimeSpan totalRetryTime, TaskFailedException lastFailure)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lastAttemptNumber, 1);
        ArgumentNullException.ThrowIfNull(lastFailure);
        LastAttemptNumber = lastAttemptNumber;
        TotalRetryTime = totalRetryTime;
        LastFailure = lastFailure;
    }

    /// <summary>The one-based number of the attempt that just failed: 1 after the first attempt.</summary>
    public int LastAttemptNumber { get; }

    /// <summary>Orchestration time passed since the first attempt started, retry delays included.</summary>
    public TimeSpan TotalRetryTime { get; }

    /// <summary>
    /// The failure of the attempt: a <see cref="TaskFailedException"/>, or a <see cref="SubOrchestrationFailedException"/>
    /// for a sub-orchestration; its <see cref="TaskFailedException.FailureDetails"/> match base types with
    /// <see cref="FailureDetails.IsCausedBy{TException}"/>.
    /// </summary>
    public TaskFailedException LastFailure { get; }
}
