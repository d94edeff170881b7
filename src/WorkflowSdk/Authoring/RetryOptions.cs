namespace WorkflowSdk;

/// <summary>
/// Automatic retries with exponential backoff for an activity or sub-orchestration call.
/// </summary>
/// <remarks>
/// <para>At most <see cref="MaxNumberOfAttempts"/> calls are made. After the k-th failure (k counted
/// from 0) the orchestration waits
/// <c>min(FirstRetryInterval × BackoffCoefficient^k, MaxRetryInterval)</c> on a durable timer before the
/// next attempt, so retry delays survive worker restarts. <see cref="RetryTimeout"/> bounds the total time
/// from the first attempt; <see cref="Handle"/> or <see cref="RetryHandler"/> returning <see langword="false"/> stops
/// at once, and so does a failure marked non-retriable (e.g. an unknown activity name).</para>
/// <para>Every attempt is recorded in the history as its own task with its own sequence number.</para>
/// </remarks>
public sealed class RetryOptions
{
    private double _backoffCoefficient = 1;
    private TimeSpan _maxRetryInterval = TimeSpan.FromDays(6);
    private TimeSpan _retryTimeout = TimeSpan.MaxValue;

    /// <summary>Creates retry options.</summary>
    /// <param name="firstRetryInterval">The delay before the second attempt; must be positive.</param>
    /// <param name="maxNumberOfAttempts">The maximum number of attempts, the first included; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public RetryOptions(TimeSpan firstRetryInterval, int maxNumberOfAttempts)
    {
        if (firstRetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRetryInterval), firstRetryInterval, "The first retry interval must be positive.");
        }

        if (maxNumberOfAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNumberOfAttempts), maxNumberOfAttempts, "At least one attempt is needed.");
        }

        FirstRetryInterval = firstRetryInterval;
        MaxNumberOfAttempts = maxNumberOfAttempts;
    }

    /// <summary>The delay before the second attempt.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>The maximum number of attempts, the first included.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>The factor each successive delay is multiplied by; 1 (the default) keeps delays constant. At least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or not a finite number.</exception>
    public double BackoffCoefficient
    {
        get => _backoffCoefficient;
        init
        {
            if (!double.IsFinite(value) || value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(BackoffCoefficient), value, "The backoff coefficient must be a finite number of at least 1.");
            }

            _backoffCoefficient = value;
        }
    }

    /// <summary>
    /// The longest delay between two attempts (default 6 days). <see cref="Timeout.InfiniteTimeSpan"/> means no cap
    /// (read back as <see cref="TimeSpan.MaxValue"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive, or shorter than <see cref="FirstRetryInterval"/>.</exception>
    public TimeSpan MaxRetryInterval
    {
        get => _maxRetryInterval;
        init => _maxRetryInterval = NotShorterThanFirstInterval(value, nameof(MaxRetryInterval), "the delays could never reach it");
    }

    /// <summary>
    /// The longest total time, from the first attempt, during which another attempt may start (default: no limit). An
    /// attempt whose delay would end past it is not made. <see cref="Timeout.InfiniteTimeSpan"/> means no limit (read
    /// back as <see cref="TimeSpan.MaxValue"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive, or shorter than <see cref="FirstRetryInterval"/>.</exception>
    public TimeSpan RetryTimeout
    {
        get => _retryTimeout;
        init => _retryTimeout = NotShorterThanFirstInterval(value, nameof(RetryTimeout), "no retry could ever start");
    }

    private TimeSpan NotShorterThanFirstInterval(TimeSpan value, string name, string consequence)
    {
        if (value == Timeout.InfiniteTimeSpan)
        {
            return TimeSpan.MaxValue;
        }

        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive, or Timeout.InfiniteTimeSpan for no limit.");
        }

        if (value < FirstRetryInterval)
        {
            throw new ArgumentOutOfRangeException(
                name, value, $"{name} ({value}) is shorter than FirstRetryInterval ({FirstRetryInterval}): {consequence}. Make it at least as long.");
        }

        return value;
    }

    /// <summary>
    /// Decides whether a failure is worth retrying; receives the <see cref="TaskFailedException"/> (or
    /// <see cref="SubOrchestrationFailedException"/>). Default: retry every failure.
    /// </summary>
    /// <remarks>Runs inside the orchestration, so it must be deterministic.</remarks>
    public Func<Exception, bool>? Handle { get; init; }

    /// <summary>
    /// Decides per attempt whether another one follows, from the <see cref="RetryContext"/>: the attempt number, the
    /// time spent so far and the failure (e.g. retry a timeout three times but a throttling error ten). Default: retry.
    /// </summary>
    /// <remarks>
    /// Asked only while <see cref="MaxNumberOfAttempts"/> and <see cref="RetryTimeout"/> allow another attempt and the
    /// failure is retriable; with <see cref="Handle"/> also set, both must return <see langword="true"/>. Runs inside
    /// the orchestration, so it must be deterministic: decide from the context, not from the clock or outside state.
    /// </remarks>
    public Func<RetryContext, bool>? RetryHandler { get; init; }

    /// <summary>
    /// The delay after the failure of attempt <paramref name="failedAttempt"/> (0 for the first):
    /// <c>min(FirstRetryInterval × BackoffCoefficient^failedAttempt, MaxRetryInterval)</c>.
    /// </summary>
    /// <param name="failedAttempt">The zero-based number of the attempt that just failed.</param>
    /// <returns>The delay before the next attempt.</returns>
    public TimeSpan ComputeDelay(int failedAttempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(failedAttempt);
        var ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, failedAttempt);
        return ticks >= MaxRetryInterval.Ticks ? MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// Whether another attempt should follow the failure of attempt <paramref name="failedAttempt"/>.
    /// </summary>
    /// <param name="failedAttempt">The zero-based number of the attempt that just failed.</param>
    /// <param name="failure">The failure.</param>
    /// <param name="firstAttemptStartedAt">When the first attempt started (orchestration time).</param>
    /// <param name="now">The current orchestration time.</param>
    /// <returns><see langword="true"/> to retry after <see cref="ComputeDelay(int)"/>.</returns>
    public bool ShouldRetry(int failedAttempt, TaskFailedException failure, DateTime firstAttemptStartedAt, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failedAttempt + 1 >= MaxNumberOfAttempts || failure.FailureDetails.IsNonRetriable)
        {
            return false;
        }

        if (RetryTimeout != TimeSpan.MaxValue && now + ComputeDelay(failedAttempt) - firstAttemptStartedAt > RetryTimeout)
        {
            return false;
        }

        return (Handle?.Invoke(failure) ?? true)
            && (RetryHandler?.Invoke(new RetryContext(failedAttempt + 1, now - firstAttemptStartedAt, failure)) ?? true);
    }
}
