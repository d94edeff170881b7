namespace WorkflowSdk.Tests.Authoring;

public sealed class RetryOptionsTests
{
    [Fact]
    public void The_delay_after_the_kth_failure_is_first_interval_times_coefficient_to_the_k_capped_by_the_maximum()
    {
        var retry = new RetryOptions(TimeSpan.FromMilliseconds(100), 10) { BackoffCoefficient = 2, MaxRetryInterval = TimeSpan.FromMilliseconds(500) };

        Assert.Equal([100, 200, 400, 500, 500], Enumerable.Range(0, 5).Select(k => retry.ComputeDelay(k).TotalMilliseconds));
    }

    [Fact]
    public void ShouldRetry_stops_at_the_attempt_limit_on_non_retriable_failures_past_the_timeout_and_when_Handle_says_no()
    {
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var failure = new TaskFailedException("A", 0, new FailureDetails("E", "m"));
        var nonRetriable = new TaskFailedException("A", 0, new FailureDetails("E", "m", IsNonRetriable: true));
        var retry = new RetryOptions(TimeSpan.FromSeconds(1), 3) { RetryTimeout = TimeSpan.FromSeconds(10) };

        Assert.True(retry.ShouldRetry(0, failure, start, start));
        Assert.True(retry.ShouldRetry(1, failure, start, start));
        Assert.False(retry.ShouldRetry(2, failure, start, start));
        Assert.False(retry.ShouldRetry(0, nonRetriable, start, start));
        Assert.False(retry.ShouldRetry(0, failure, start, start.AddSeconds(9.5)));
        Assert.False(new RetryOptions(TimeSpan.FromSeconds(1), 3) { Handle = _ => false }.ShouldRetry(0, failure, start, start));
    }

    [Fact]
    public void A_retry_handler_sees_the_attempt_number_the_time_spent_and_the_failure_and_can_stop_the_retries()
    {
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var failure = new TaskFailedException("A", 0, new FailureDetails("E", "m"));
        var seen = new List<RetryContext>();
        var retry = new RetryOptions(TimeSpan.FromSeconds(1), 10)
        {
            RetryHandler = context =>
            {
                seen.Add(context);
                return context.LastAttemptNumber < 2;
            },
        };

        Assert.True(retry.ShouldRetry(0, failure, start, start.AddSeconds(3)));
        Assert.False(retry.ShouldRetry(1, failure, start, start.AddSeconds(7)));

        Assert.Equal([1, 2], seen.Select(c => c.LastAttemptNumber));
        Assert.Equal([3, 7], seen.Select(c => c.TotalRetryTime.TotalSeconds));
        Assert.All(seen, c => Assert.Same(failure, c.LastFailure));
    }

    [Fact]
    public void Handle_and_the_retry_handler_must_both_agree_to_retry_and_the_handler_is_not_asked_past_the_limits()
    {
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var failure = new TaskFailedException("A", 0, new FailureDetails("E", "m"));
        var asked = 0;

        Assert.False(new RetryOptions(TimeSpan.FromSeconds(1), 3) { Handle = _ => false, RetryHandler = _ => true }.ShouldRetry(0, failure, start, start));
        Assert.False(new RetryOptions(TimeSpan.FromSeconds(1), 3) { Handle = _ => true, RetryHandler = _ => false }.ShouldRetry(0, failure, start, start));
        Assert.False(new RetryOptions(TimeSpan.FromSeconds(1), 1) { RetryHandler = _ => ++asked > 0 }.ShouldRetry(0, failure, start, start));
        Assert.Equal(0, asked);
    }

    [Fact]
    public void Out_of_range_settings_are_refused_naming_the_setting()
    {
        Assert.Equal("firstRetryInterval", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryOptions(TimeSpan.Zero, 3)).ParamName);
        Assert.Equal("maxNumberOfAttempts", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryOptions(TimeSpan.FromSeconds(1), 0)).ParamName);
        Assert.Equal("BackoffCoefficient", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryOptions(TimeSpan.FromSeconds(1), 3) { BackoffCoefficient = 0.5 }).ParamName);
        Assert.Equal("MaxRetryInterval", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryOptions(TimeSpan.FromSeconds(1), 3) { MaxRetryInterval = TimeSpan.Zero }).ParamName);
    }

    [Fact]
    public void A_maximum_interval_or_retry_timeout_shorter_than_the_first_interval_is_refused_naming_both()
    {
        var maxInterval = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new RetryOptions(TimeSpan.FromSeconds(10), 3) { MaxRetryInterval = TimeSpan.FromSeconds(5) });
        var timeout = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new RetryOptions(TimeSpan.FromSeconds(10), 3) { RetryTimeout = TimeSpan.FromSeconds(5) });

        Assert.Equal("MaxRetryInterval", maxInterval.ParamName);
        Assert.Contains("FirstRetryInterval (00:00:10)", maxInterval.Message, StringComparison.Ordinal);
        Assert.Contains("00:00:05", maxInterval.Message, StringComparison.Ordinal);
        Assert.Equal("RetryTimeout", timeout.ParamName);
        Assert.Contains("FirstRetryInterval (00:00:10)", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_infinite_maximum_interval_or_retry_timeout_means_no_limit()
    {
        var retry = new RetryOptions(TimeSpan.FromSeconds(1), 40)
        {
            BackoffCoefficient = 2, MaxRetryInterval = Timeout.InfiniteTimeSpan, RetryTimeout = Timeout.InfiniteTimeSpan,
        };
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var failure = new TaskFailedException("A", 0, new FailureDetails("E", "m"));

        Assert.Equal(TimeSpan.FromSeconds(1024), retry.ComputeDelay(10));
        Assert.Equal(TimeSpan.MaxValue, retry.ComputeDelay(40));
        Assert.True(retry.ShouldRetry(5, failure, start, start.AddYears(50)));
    }
}
