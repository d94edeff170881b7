using WorkflowSdk.Backends;

namespace WorkflowSdk;

/// <summary>Operations on every instance a filter matches, and purges that follow sub-orchestrations.</summary>
public sealed partial class WorkflowClient
{
    private static readonly OrchestrationRuntimeStatus[] FinishedStatuses =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    private static readonly OrchestrationRuntimeStatus[] UnfinishedStatuses =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    private static readonly OrchestrationRuntimeStatus[] SuspendableStatuses =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running];

    private static readonly OrchestrationRuntimeStatus[] ResumableStatuses = [OrchestrationRuntimeStatus.Suspended];

    /// <summary>Counts the instances a query matches (its paging fields are ignored): e.g. a dry run of a bulk operation.</summary>
    /// <param name="query">The filter; <see langword="null"/> counts every instance.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of matching instances.</returns>
    public async Task<long> CountAsync(InstanceQuery? query = null, CancellationToken cancellationToken = default)
    {
        var count = 0L;
        await ForEachMatchingAsync(query ?? new InstanceQuery(), null, "count", _ =>
        {
            count++;
            return Task.FromResult(false);
        }, cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>
    /// Deletes a finished instance and its history, and with <see cref="PurgeOptions.Recursive"/> its finished
    /// sub-orchestrations (and theirs) first.
    /// </summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="options">How far to go.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of instances deleted (0 for an unknown id).</returns>
    /// <exception cref="InvalidOperationException">The instance has not finished; nothing was deleted.</exception>
    public async Task<int> PurgeAsync(string instanceId, PurgeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentNullException.ThrowIfNull(options);
        await EnsureInitializedAsync().ConfigureAwait(false);
        if (!options.Recursive)
        {
            return await _backend.Store.PurgeInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }

        var record = await _backend.Store.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return 0;
        }

        if (!record.Status.IsFinished())
        {
            throw new InvalidOperationException(
                $"Instance '{instanceId}' is {record.Status}; only finished instances can be purged. Terminate it first.");
        }

        return await PurgeTreeAsync(instanceId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes every finished instance a filter matches, with its history, page by page: e.g. everything completed
    /// more than 30 days ago (<c>new InstanceQuery { CompletedTo = now.AddDays(-30) }</c>).
    /// </summary>
    /// <param name="filter">
    /// Which instances. Its statuses must be finished ones (Completed, Failed, Terminated); none given means all three.
    /// <see cref="InstanceQuery.PageSize"/> is the batch size.
    /// </param>
    /// <param name="options">With <see cref="PurgeOptions.Recursive"/>, each instance's finished sub-orchestrations go too.</param>
    /// <param name="cancellationToken">Cancels the operation; what was deleted before stays deleted.</param>
    /// <returns>How many instances were deleted, sub-orchestrations included.</returns>
    /// <exception cref="ArgumentException">The filter asks for an unfinished status.</exception>
    public async Task<PurgeResult> PurgeInstancesAsync(InstanceQuery filter, PurgeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var recursive = options?.Recursive ?? false;
        var purged = 0;
        await ForEachMatchingAsync(filter, FinishedStatuses, "purge", async record =>
        {
            purged += recursive
                ? await PurgeTreeAsync(record.InstanceId, cancellationToken).ConfigureAwait(false)
                : await PurgeIfStillFinishedAsync(record.InstanceId, cancellationToken).ConfigureAwait(false);
            return false;
        }, cancellationToken).ConfigureAwait(false);
        return new PurgeResult(purged);
    }

    /// <summary>
    /// Purges the finished instances a retention policy no longer keeps: for each status it names, those that finished
    /// longer ago than its age (measured on this client's <see cref="WorkflowClientOptions.TimeProvider"/>).
    /// </summary>
    /// <param name="policy">The ages per status.</param>
    /// <param name="cancellationToken">Cancels the sweep; what was purged stays purged.</param>
    /// <returns>How many instances of each status were purged.</returns>
    /// <exception cref="ArgumentException">The policy is invalid (the message names the setting).</exception>
    public async Task<RetentionSweepResult> PurgeExpiredAsync(RetentionPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.ValidationErrors().FirstOrDefault() is { } error)
        {
            throw new ArgumentException(error, nameof(policy));
        }

        var now = Now;
        var purged = new Dictionary<OrchestrationRuntimeStatus, int>();
        foreach (var (status, age) in policy.Ages())
        {
            var filter = new InstanceQuery { Statuses = [status], CompletedTo = age >= now - DateTime.MinValue ? DateTime.MinValue : now - age, PageSize = policy.BatchSize };
            purged[status] = (await PurgeInstancesAsync(filter, null, cancellationToken).ConfigureAwait(false)).PurgedInstanceCount;
        }

        return new RetentionSweepResult(
            purged.GetValueOrDefault(OrchestrationRuntimeStatus.Completed),
            purged.GetValueOrDefault(OrchestrationRuntimeStatus.Failed),
            purged.GetValueOrDefault(OrchestrationRuntimeStatus.Terminated));
    }

    /// <summary>Terminates every unfinished instance a filter matches (see <see cref="TerminateAsync(string, string?, CancellationToken)"/>).</summary>
    /// <param name="filter">Which instances; its statuses must be unfinished ones (none given means Pending, Running and Suspended).</param>
    /// <param name="reason">Why; becomes each instance's output.</param>
    /// <param name="cancellationToken">Cancels the operation; requests already queued stay queued.</param>
    /// <returns>How many termination requests were queued.</returns>
    /// <exception cref="ArgumentException">The filter asks for a finished status.</exception>
    public Task<int> TerminateInstancesAsync(InstanceQuery filter, string? reason = null, CancellationToken cancellationToken = default) =>
        ForEachMatchingAsync(filter, UnfinishedStatuses, "terminate", async record =>
            await SkipIfGoneAsync(TerminateAsync(record.InstanceId, reason, cancellationToken)).ConfigureAwait(false), cancellationToken);

    /// <summary>Suspends every running or pending instance a filter matches (see <see cref="SuspendAsync"/>).</summary>
    /// <param name="filter">Which instances; its statuses must be Pending or Running (none given means both).</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the operation; requests already queued stay queued.</param>
    /// <returns>How many suspend requests were queued.</returns>
    /// <exception cref="ArgumentException">The filter asks for another status.</exception>
    public Task<int> SuspendInstancesAsync(InstanceQuery filter, string? reason = null, CancellationToken cancellationToken = default) =>
        ForEachMatchingAsync(filter, SuspendableStatuses, "suspend", async record =>
            await SkipIfGoneAsync(SuspendAsync(record.InstanceId, reason, cancellationToken)).ConfigureAwait(false), cancellationToken);

    /// <summary>Resumes every suspended instance a filter matches (see <see cref="ResumeAsync"/>).</summary>
    /// <param name="filter">Which instances; its statuses, if given, must be Suspended.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the operation; requests already queued stay queued.</param>
    /// <returns>How many resume requests were queued.</returns>
    /// <exception cref="ArgumentException">The filter asks for another status.</exception>
    public Task<int> ResumeInstancesAsync(InstanceQuery filter, string? reason = null, CancellationToken cancellationToken = default) =>
        ForEachMatchingAsync(filter, ResumableStatuses, "resume", async record =>
            await SkipIfGoneAsync(ResumeAsync(record.InstanceId, reason, cancellationToken)).ConfigureAwait(false), cancellationToken);

    /// <summary>
    /// Runs <paramref name="act"/> on each instance the filter matches, narrowed to <paramref name="allowed"/> statuses,
    /// page by page; returns how many times it returned <see langword="true"/>. Paging is by (creation time, id) after
    /// the last one seen, so instances deleted or changed along the way neither shift nor repeat a page.
    /// </summary>
    private async Task<int> ForEachMatchingAsync(
        InstanceQuery filter,
        OrchestrationRuntimeStatus[]? allowed,
        string operation,
        Func<InstanceRecord, Task<bool>> act,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = filter with { Statuses = Narrow(filter.Statuses, allowed, operation), ContinuationToken = null };
        if (query.PageSize is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(filter), filter.PageSize, "InstanceQuery.PageSize must be between 1 and 1,000.");
        }

        await EnsureInitializedAsync().ConfigureAwait(false);
        var done = 0;
        while (true)
        {
            var page = await _backend.Store.ListInstancesAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var record in page.Instances)
            {
                if (await act(record).ConfigureAwait(false))
                {
                    done++;
                }
            }

            if (page.ContinuationToken is null)
            {
                return done;
            }

            query = query with { ContinuationToken = page.ContinuationToken };
        }
    }

    private static IReadOnlyCollection<OrchestrationRuntimeStatus>? Narrow(
        IReadOnlyCollection<OrchestrationRuntimeStatus>? asked, OrchestrationRuntimeStatus[]? allowed, string operation)
    {
        if (allowed is null)
        {
            return asked;
        }

        if (asked is not { Count: > 0 })
        {
            return allowed;
        }

        var refused = asked.Where(s => !allowed.Contains(s)).Distinct().ToList();
        if (refused.Count > 0)
        {
            var hint = operation == "purge" ? " Terminate unfinished instances first, then purge them." : "";
            throw new ArgumentException(
                $"Cannot {operation} instances that are {string.Join(" or ", refused)}: {operation} applies to {string.Join(", ", allowed)} instances only.{hint}",
                "filter");
        }

        return asked;
    }

    /// <summary>Deletes the finished sub-orchestrations below an instance, deepest first, then the instance.</summary>
    private async Task<int> PurgeTreeAsync(string instanceId, CancellationToken cancellationToken)
    {
        var purged = 0;
        var children = new InstanceQuery { ParentInstanceId = instanceId, Statuses = FinishedStatuses };
        await ForEachMatchingAsync(children, null, "purge", async child =>
        {
            purged += await PurgeTreeAsync(child.InstanceId, cancellationToken).ConfigureAwait(false);
            return false;
        }, cancellationToken).ConfigureAwait(false);
        return purged + await PurgeIfStillFinishedAsync(instanceId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Purges an instance listed as finished; one started again since (a reused id) is left alone.</summary>
    private async Task<int> PurgeIfStillFinishedAsync(string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            return await _backend.Store.PurgeInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            if (await _backend.Store.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false) is { } record && !record.Status.IsFinished())
            {
                return 0;
            }

            throw;
        }
    }

    /// <summary>A per-instance request whose instance was purged after it was listed counts as not sent.</summary>
    private static async Task<bool> SkipIfGoneAsync(Task request)
    {
        try
        {
            await request.ConfigureAwait(false);
            return true;
        }
        catch (InstanceNotFoundException)
        {
            return false;
        }
    }
}

/// <summary>How far a purge goes.</summary>
public sealed record PurgeOptions
{
    /// <summary>
    /// Also delete the instance's finished sub-orchestrations, and theirs, before the instance itself. Unfinished ones
    /// are left (terminating the parent terminates them; purge them once they finish).
    /// </summary>
    public bool Recursive { get; init; }
}

/// <summary>The outcome of a purge by filter.</summary>
/// <param name="PurgedInstanceCount">How many instances were deleted, sub-orchestrations included.</param>
public sealed record PurgeResult(int PurgedInstanceCount);
