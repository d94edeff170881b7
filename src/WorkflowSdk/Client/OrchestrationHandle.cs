namespace WorkflowSdk;

/// <summary>
/// A typed reference to one orchestration instance, returned by the generated <c>client.StartXxxAsync(...)</c>
/// methods: wait for it, read its status, raise events, suspend, resume or terminate it without repeating its id.
/// </summary>
/// <remarks>
/// A handle holds no state besides the client and the id: create one for an existing instance with
/// <c>new OrchestrationHandle(client, instanceId)</c> (or the generated handle type of an orchestration that
/// declares events) in another process.
/// </remarks>
public class OrchestrationHandle
{
    /// <summary>Creates a handle for an instance.</summary>
    /// <param name="client">The client to reach the instance through.</param>
    /// <param name="instanceId">The instance id.</param>
    public OrchestrationHandle(WorkflowClient client, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        Client = client;
        InstanceId = instanceId;
    }

    /// <summary>The client the handle works through.</summary>
    public WorkflowClient Client { get; }

    /// <summary>The instance id.</summary>
    public string InstanceId { get; }

    /// <summary>Reads the instance's status.</summary>
    /// <param name="includeHistory">Whether to load the current execution's history too.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The status, or <see langword="null"/> when the instance does not exist (any more).</returns>
    public Task<OrchestrationStatus?> GetStatusAsync(bool includeHistory = false, CancellationToken cancellationToken = default) =>
        Client.GetStatusAsync(InstanceId, includeHistory, cancellationToken);

    /// <summary>Waits until the instance has finished, whatever the outcome.</summary>
    /// <param name="timeout">The longest wait; <see langword="null"/> waits until <paramref name="cancellationToken"/> fires.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The final status.</returns>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    /// <exception cref="TimeoutException">It did not finish within <paramref name="timeout"/>.</exception>
    public Task<OrchestrationStatus> WaitForCompletionAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Client.WaitForCompletionAsync(InstanceId, timeout, cancellationToken);

    /// <summary>Waits until the instance has completed successfully.</summary>
    /// <param name="timeout">The longest wait; <see langword="null"/> waits until <paramref name="cancellationToken"/> fires.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the instance has.</returns>
    /// <exception cref="OrchestrationFailedException">The instance failed or was terminated.</exception>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    /// <exception cref="TimeoutException">It did not finish within <paramref name="timeout"/>.</exception>
    public async Task WaitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        EnsureCompleted(await WaitForCompletionAsync(timeout, cancellationToken).ConfigureAwait(false));

    /// <summary>Sends the instance an external event with typed data (serialized as <typeparamref name="TData"/>).</summary>
    /// <typeparam name="TData">The data's declared type.</typeparam>
    /// <param name="eventName">The event's name (matched case-insensitively).</param>
    /// <param name="eventData">The data.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the event is durably queued.</returns>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    /// <exception cref="InvalidOperationException">The instance has finished, so the event would be dropped.</exception>
    public Task RaiseEventAsync<TData>(string eventName, TData eventData, CancellationToken cancellationToken = default) =>
        Client.RaiseEventCoreAsync(InstanceId, eventName, eventData, cancellationToken);

    /// <summary>Terminates the instance (see <see cref="WorkflowClient.TerminateAsync"/>).</summary>
    /// <param name="reason">Why; becomes the output.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the request is durably queued.</returns>
    public Task TerminateAsync(string? reason = null, CancellationToken cancellationToken = default) =>
        Client.TerminateAsync(InstanceId, reason, cancellationToken);

    /// <summary>Suspends the instance (see <see cref="WorkflowClient.SuspendAsync"/>).</summary>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the request is durably queued.</returns>
    public Task SuspendAsync(string? reason = null, CancellationToken cancellationToken = default) =>
        Client.SuspendAsync(InstanceId, reason, cancellationToken);

    /// <summary>Resumes the instance (see <see cref="WorkflowClient.ResumeAsync"/>).</summary>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the request is durably queued.</returns>
    public Task ResumeAsync(string? reason = null, CancellationToken cancellationToken = default) =>
        Client.ResumeAsync(InstanceId, reason, cancellationToken);

    /// <summary>The instance id.</summary>
    /// <returns>The instance id.</returns>
    public override string ToString() => InstanceId;

    /// <summary>Throws unless the final status is <see cref="OrchestrationRuntimeStatus.Completed"/>.</summary>
    /// <param name="status">A final status.</param>
    /// <exception cref="OrchestrationFailedException">The instance failed or was terminated.</exception>
    protected static void EnsureCompleted(OrchestrationStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            var reason = status.RuntimeStatus == OrchestrationRuntimeStatus.Terminated ? SafeReason(status) : null;
            throw new OrchestrationFailedException(status.InstanceId, status.Name, status.RuntimeStatus, status.FailureDetails, reason);
        }
    }

    private static string? SafeReason(OrchestrationStatus status)
    {
        try
        {
            return status.ReadOutputAs<string?>();
        }
        catch (PayloadSerializationException)
        {
            return null;
        }
    }
}

/// <summary>
/// A typed reference to an orchestration instance whose orchestration returns <typeparamref name="TResult"/>.
/// See <see cref="OrchestrationHandle"/>.
/// </summary>
/// <typeparam name="TResult">The orchestration's declared result type.</typeparam>
public class OrchestrationHandle<TResult> : OrchestrationHandle
{
    /// <summary>Creates a handle for an instance.</summary>
    /// <param name="client">The client to reach the instance through.</param>
    /// <param name="instanceId">The instance id.</param>
    public OrchestrationHandle(WorkflowClient client, string instanceId)
        : base(client, instanceId)
    {
    }

    /// <summary>Waits until the instance has completed and returns its result.</summary>
    /// <param name="timeout">The longest wait; <see langword="null"/> waits until <paramref name="cancellationToken"/> fires.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The orchestration's result.</returns>
    /// <exception cref="OrchestrationFailedException">The instance failed or was terminated.</exception>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    /// <exception cref="TimeoutException">It did not finish within <paramref name="timeout"/>.</exception>
    /// <exception cref="PayloadSerializationException">The output does not deserialize as <typeparamref name="TResult"/>.</exception>
    public async Task<TResult> WaitForResultAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var status = await WaitForCompletionAsync(timeout, cancellationToken).ConfigureAwait(false);
        EnsureCompleted(status);
        return status.ReadOutputAs<TResult>();
    }
}
