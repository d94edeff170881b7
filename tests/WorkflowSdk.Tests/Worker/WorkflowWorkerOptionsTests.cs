namespace WorkflowSdk.Tests.Worker;

public class WorkflowWorkerOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(new WorkflowWorkerOptions().GetValidationErrors());
    }

    [Fact]
    public void Every_invalid_setting_is_reported_by_name_with_its_value()
    {
        var options = new WorkflowWorkerOptions { MaxConcurrentActivities = 0, ReceiveWait = TimeSpan.Zero, CacheCapacity = -1 };

        var errors = options.GetValidationErrors();

        Assert.Equal(
            [
                "MaxConcurrentActivities must be positive (it is 0).",
                "CacheCapacity must not be negative (it is -1).",
                "ReceiveWait must be positive (it is 00:00:00).",
            ],
            errors);
    }

    [Fact]
    public void An_invalid_retention_policy_is_reported_naming_each_setting()
    {
        var options = new WorkflowWorkerOptions { Retention = new RetentionPolicy { Failed = TimeSpan.FromDays(-1), BatchSize = 0, Interval = TimeSpan.Zero } };

        var errors = options.GetValidationErrors();

        Assert.Contains(errors, e => e.StartsWith("Retention.Failed must not be negative", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Retention.BatchSize must be between 1 and 1,000", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Retention.Interval must be positive", StringComparison.Ordinal));
        Assert.Empty(new WorkflowWorkerOptions { Retention = RetentionPolicy.All(TimeSpan.FromDays(30)) }.GetValidationErrors());
    }

    [Fact]
    public void A_worker_refuses_invalid_options_naming_the_first_setting()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new WorkflowWorker(
                new Backends.WorkflowBackend(new NoStore(), new NoTransport()),
                new WorkflowRegistry(),
                new WorkflowWorkerOptions { MaxDeliveryCount = 0 }));

        Assert.Equal("MaxDeliveryCount", error.ParamName);
        Assert.StartsWith("WorkflowWorkerOptions.MaxDeliveryCount must be positive (it is 0).", error.Message, StringComparison.Ordinal);
    }

    private sealed class NoTransport : Backends.IWorkflowTransport
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SendAsync(IReadOnlyList<Backends.WorkMessage> messages, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<Backends.OrchestrationWorkItem?> ReceiveOrchestrationWorkItemAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
            Task.FromResult<Backends.OrchestrationWorkItem?>(null);

        public Task<Backends.ActivityWorkItem?> ReceiveActivityWorkItemAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
            Task.FromResult<Backends.ActivityWorkItem?>(null);
    }

    private sealed class NoStore : Backends.IWorkflowStore
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<Backends.InstanceRecord?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Backends.StoredHistory> LoadHistoryAsync(string instanceId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Backends.OutboxEntry?> CreateInstanceAsync(
            Backends.InstanceRecord instance, Backends.WorkMessage startMessage, bool reuseFinished, TimeSpan? outboxClaimDuration, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<Backends.CommitResult> CommitEpisodeAsync(Backends.EpisodeCommit commit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Backends.InstancePage> ListInstancesAsync(Backends.InstanceQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Backends.OutboxEntry>> ClaimDueOutboxAsync(int maxCount, TimeSpan lease, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task DeleteOutboxAsync(IReadOnlyList<Backends.OutboxEntry> entries, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DateTime?> GetNextOutboxDueTimeAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
