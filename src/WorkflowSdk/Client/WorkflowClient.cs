using System.Diagnostics;
using WorkflowSdk.Backends;
using WorkflowSdk.Diagnostics;
using WorkflowSdk.History;
using WorkflowSdk.Serialization;

namespace WorkflowSdk;

/// <summary>
/// Starts and manages orchestration instances: start (with an explicit or generated id), query status and
/// history, wait for completion, raise events, suspend, resume, terminate, purge and list. Safe to share
/// between threads.
/// </summary>
public sealed partial class WorkflowClient
{
    private readonly WorkflowBackend _backend;
    private readonly WorkflowClientOptions _options;
    private readonly PayloadCodec _codec;
    private readonly Lazy<Task> _initialized;
    private readonly WorkflowInstrumentation _instrumentation;
    private readonly OutboxPublisher _outbox;

    /// <summary>Creates a client.</summary>
    /// <param name="backend">The store and transport (the same ones the workers use).</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    public WorkflowClient(WorkflowBackend backend, WorkflowClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        _backend = backend;
        _options = options ?? new WorkflowClientOptions();
        _codec = new PayloadCodec(_options.PayloadSerializer, _options.MaxPayloadBytes);
        _instrumentation = _options.Instrumentation ?? WorkflowInstrumentation.ForClients;
        _outbox = new OutboxPublisher(backend, _options.OutboxClaimDuration);
        _initialized = new Lazy<Task>(() => backend.InitializeAsync(CancellationToken.None));
    }

    /// <summary>Starts a new orchestration instance.</summary>
    /// <param name="name">The orchestration's name.</param>
    /// <param name="input">Its input; <see langword="null"/> for none.</param>
    /// <param name="instanceId">The instance id; <see langword="null"/> generates one.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The instance id.</returns>
    /// <exception cref="OrchestrationAlreadyExistsException">An unfinished instance has that id.</exception>
    /// <exception cref="PayloadSerializationException">The input cannot be serialized or is too large.</exception>
    public Task<string> StartOrchestrationAsync(string name, object? input = null, string? instanceId = null, CancellationToken cancellationToken = default) =>
        StartOrchestrationAsync(name, input, new StartOrchestrationOptions { InstanceId = instanceId }, cancellationToken);

    /// <summary>Starts a new orchestration instance with options (version, start time, id reuse).</summary>
    /// <param name="name">The orchestration's name.</param>
    /// <param name="input">Its input; <see langword="null"/> for none.</param>
    /// <param name="options">The start options.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The instance id.</returns>
    /// <exception cref="OrchestrationAlreadyExistsException">The id is in use (see <see cref="StartOrchestrationOptions.ReuseFinishedInstanceId"/>).</exception>
    /// <exception cref="PayloadSerializationException">The input cannot be serialized or is too large.</exception>
    public async Task<string> StartOrchestrationAsync(string name, object? input, StartOrchestrationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        var payload = _codec.EncodeObject(input, $"input of orchestration '{name}'");
        return await StartCoreAsync(name, payload, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a new orchestration instance with a statically typed input: the low-level entry point of the generated
    /// typed clients (prefer those: <c>client.StartXxxAsync(...)</c>, which also return a typed handle).
    /// </summary>
    /// <typeparam name="TInput">The input's declared type; it is serialized as that type, without reflection over its runtime type.</typeparam>
    /// <param name="name">The orchestration's name.</param>
    /// <param name="input">Its input; <see langword="null"/> for none. Several parameters travel as one value tuple.</param>
    /// <param name="options">The start options; <see langword="null"/> for a generated id and the default version.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The instance id.</returns>
    /// <exception cref="OrchestrationAlreadyExistsException">The id is in use (see <see cref="StartOrchestrationOptions.ReuseFinishedInstanceId"/>).</exception>
    /// <exception cref="PayloadSerializationException">The input cannot be serialized or is too large.</exception>
    public Task<string> StartNewAsync<TInput>(string name, TInput input, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var payload = _codec.Encode(input, $"input of orchestration '{name}'");
        return StartCoreAsync(name, payload, options ?? new StartOrchestrationOptions(), cancellationToken);
    }

    /// <summary>
    /// Starts an instance with an input that is already serialized by the payload serializer (e.g. from
    /// <see cref="PayloadCodec.FromJson"/>): for tools such as the <c>wf</c> command line that have no C# type for it.
    /// </summary>
    /// <param name="name">The orchestration's name.</param>
    /// <param name="payload">The serialized input, or <see langword="null"/> for none.</param>
    /// <param name="options">The start options; <see langword="null"/> for a generated id and the default version.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The instance id.</returns>
    /// <exception cref="OrchestrationAlreadyExistsException">The id is in use.</exception>
    public Task<string> StartOrchestrationWithPayloadAsync(string name, byte[]? payload, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return StartCoreAsync(name, payload, options ?? new StartOrchestrationOptions(), cancellationToken);
    }

    /// <summary>Raises an event whose data is already serialized by the payload serializer (see <see cref="StartOrchestrationWithPayloadAsync"/>).</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="eventName">The event's name.</param>
    /// <param name="payload">The serialized data, or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the event is durably queued.</returns>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    /// <exception cref="InvalidOperationException">The instance has finished.</exception>
    public Task RaiseEventWithPayloadAsync(string instanceId, string eventName, byte[]? payload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        return RaiseEncodedEventAsync(instanceId, eventName, payload, cancellationToken);
    }

    private async Task<string> StartCoreAsync(string name, byte[]? payload, StartOrchestrationOptions options, CancellationToken cancellationToken)
    {
        var instanceId = options.InstanceId ?? Guid.NewGuid().ToString("N");
        ValidateInstanceId(instanceId);
        await EnsureInitializedAsync().ConfigureAwait(false);

        using var span = StartSpan($"start_orchestration {name}", instanceId);
        span?.SetTag(WorkflowInstrumentation.Tags.Orchestration, name);
        var now = Now;
        var executionId = WorkMessage.NewId();
        var traceParent = Activity.Current?.Id;
        var record = new InstanceRecord
        {
            InstanceId = instanceId,
            Name = name,
            Version = options.Version,
            ExecutionId = executionId,
            Status = OrchestrationRuntimeStatus.Pending,
            CreatedAt = now,
            LastUpdatedAt = now,
            Input = payload,
        };
        var start = new WorkMessage
        {
            MessageId = WorkMessage.NewId(),
            InstanceId = instanceId,
            ExecutionId = executionId,
            Event = new ExecutionStartedEvent
            {
                Timestamp = now, Name = name, Version = options.Version, ExecutionId = executionId, Input = payload, TraceParent = traceParent,
            },
            VisibleAtUtc = options.StartAt?.UtcDateTime,
            TraceParent = traceParent,
        };
        // The start goes through the store: created with the instance, in its outbox, atomically. With a separate
        // transport the client publishes it at once (the relay does if the client dies first, or when a delayed start is due).
        var toPublish = await _backend.Store.CreateInstanceAsync(
            record, start, options.ReuseFinishedInstanceId, _outbox.CommitClaim, cancellationToken).ConfigureAwait(false);
        if (toPublish is not null && start.VisibleAtUtc is null)
        {
            await _outbox.PublishAsync([toPublish], cancellationToken).ConfigureAwait(false);
        }

        _instrumentation.InstancesStarted.Add(1, new KeyValuePair<string, object?>(WorkflowInstrumentation.Tags.Orchestration, name));
        return instanceId;
    }

    /// <summary>Reads an instance's status.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="includeHistory">Whether to load the current execution's history too.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The status, or <see langword="null"/> when there is no such instance.</returns>
    /// <exception cref="HistoryCorruptedException">History was requested and cannot be read.</exception>
    public async Task<OrchestrationStatus?> GetStatusAsync(string instanceId, bool includeHistory = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await EnsureInitializedAsync().ConfigureAwait(false);
        if (includeHistory)
        {
            var stored = await _backend.Store.LoadHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false);
            return stored.Instance is null ? null : new OrchestrationStatus(stored.Instance, stored.Events, _codec);
        }

        var record = await _backend.Store.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return record is null ? null : new OrchestrationStatus(record, null, _codec);
    }

    /// <summary>Waits until an instance has finished (completed, failed or terminated).</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="timeout">The longest wait; <see langword="null"/> waits until <paramref name="cancellationToken"/> fires.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The final status.</returns>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    /// <exception cref="TimeoutException">It did not finish within <paramref name="timeout"/>.</exception>
    public Task<OrchestrationStatus> WaitForCompletionAsync(string instanceId, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForCompletionAsync(instanceId, waitForInstance: false, timeout, cancellationToken);

    /// <summary>
    /// Waits until an instance has finished (completed, failed or terminated); with <paramref name="waitForInstance"/>,
    /// also while it does not exist yet (e.g. a sub-orchestration with a known id that its parent has not started yet).
    /// </summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="waitForInstance">Whether an instance that does not exist yet is waited for instead of refused.</param>
    /// <param name="timeout">The longest wait; <see langword="null"/> waits until <paramref name="cancellationToken"/> fires.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The final status.</returns>
    /// <exception cref="InstanceNotFoundException">There is no such instance, and <paramref name="waitForInstance"/> is false.</exception>
    /// <exception cref="TimeoutException">It did not finish within <paramref name="timeout"/>.</exception>
    public Task<OrchestrationStatus> WaitForCompletionAsync(
        string instanceId, bool waitForInstance, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForStatusAsync(instanceId, static s => s.IsFinished, "finish", "wait for completion", waitForInstance, timeout, cancellationToken);

    /// <summary>
    /// Waits until an instance has started running its code: its first episode was committed (it is Running, Suspended
    /// or already finished). An instance that does not exist yet, or is scheduled to start later, is waited for.
    /// </summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="timeout">The longest wait; <see langword="null"/> waits until <paramref name="cancellationToken"/> fires.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The status once started.</returns>
    /// <exception cref="TimeoutException">It did not start within <paramref name="timeout"/>.</exception>
    public Task<OrchestrationStatus> WaitForStartAsync(string instanceId, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForStatusAsync(
            instanceId, static s => s.RuntimeStatus != OrchestrationRuntimeStatus.Pending, "start", "wait for start", waitForInstance: true, timeout, cancellationToken);

    private async Task<OrchestrationStatus> WaitForStatusAsync(
        string instanceId, Func<OrchestrationStatus, bool> reached, string verb, string operation, bool waitForInstance, TimeSpan? timeout,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var deadline = timeout is { } t ? Stopwatch.GetTimestamp() + (long)(t.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        var delay = TimeSpan.FromMilliseconds(2);
        while (true)
        {
            var status = await GetStatusAsync(instanceId, includeHistory: false, cancellationToken).ConfigureAwait(false);
            if (status is null && !waitForInstance)
            {
                throw new InstanceNotFoundException(instanceId, operation);
            }

            if (status is not null && reached(status))
            {
                return status;
            }

            if (Stopwatch.GetTimestamp() >= deadline)
            {
                throw new TimeoutException(status is null
                    ? $"Instance '{instanceId}' did not {verb} within {timeout}; it does not exist."
                    : $"Instance '{instanceId}' did not {verb} within {timeout}; it is {status.RuntimeStatus}.");
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxPollInterval.Ticks));
        }
    }

    /// <summary>Sends an external event to an instance (see <see cref="OrchestrationContext.WaitForExternalEvent{T}(string)"/>).</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="eventName">The event's name (matched case-insensitively).</param>
    /// <param name="eventData">The event data; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the event is durably queued.</returns>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    /// <exception cref="InvalidOperationException">The instance has finished, so the event would be dropped.</exception>
    public async Task RaiseEventAsync(string instanceId, string eventName, object? eventData = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var payload = _codec.EncodeObject(eventData, $"data of event '{eventName}'");
        await RaiseEncodedEventAsync(instanceId, eventName, payload, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Raises an event with data serialized as its declared type (used by <see cref="OrchestrationHandle.RaiseEventAsync{TData}"/>).</summary>
    internal Task RaiseEventCoreAsync<TData>(string instanceId, string eventName, TData eventData, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var payload = _codec.Encode(eventData, $"data of event '{eventName}'");
        return RaiseEncodedEventAsync(instanceId, eventName, payload, cancellationToken);
    }

    private async Task RaiseEncodedEventAsync(string instanceId, string eventName, byte[]? payload, CancellationToken cancellationToken)
    {
        var record = await RequireInstanceAsync(instanceId, $"raise event '{eventName}'", cancellationToken).ConfigureAwait(false);
        if (record.Status.IsFinished())
        {
            throw new InvalidOperationException(
                $"Cannot raise event '{eventName}': instance '{instanceId}' has already finished ({record.Status}), so nothing would receive it.");
        }

        using var span = StartSpan($"raise_event {eventName}", instanceId);
        span?.SetTag(WorkflowInstrumentation.Tags.EventName, eventName);
        await SendAsync(instanceId, new EventRaisedEvent { Timestamp = Now, Name = eventName, Input = payload }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Terminates an instance: it stops where it is, its output becomes <paramref name="reason"/>, and its running
    /// sub-orchestrations are terminated too. Terminating a finished instance changes nothing.
    /// </summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="reason">Why; becomes the output.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the request is durably queued (see <see cref="WaitForCompletionAsync(string, TimeSpan?, CancellationToken)"/>).</returns>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    public Task TerminateAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        TerminateEncodedAsync(instanceId, _codec.EncodeObject(reason, "termination reason"), cancellationToken);

    /// <summary>
    /// Terminates an instance with any serializable output (e.g. a record saying why and by whom): it stops where it is,
    /// its output becomes <paramref name="output"/>, and its running sub-orchestrations are terminated too (with the
    /// same output). Terminating a finished instance changes nothing.
    /// </summary>
    /// <typeparam name="TOutput">The output's type.</typeparam>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="output">Becomes the instance's output; read it back with <see cref="OrchestrationStatus.ReadOutputAs{T}"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the request is durably queued (see <see cref="WaitForCompletionAsync(string, TimeSpan?, CancellationToken)"/>).</returns>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    public Task TerminateAsync<TOutput>(string instanceId, TOutput output, CancellationToken cancellationToken = default) =>
        TerminateEncodedAsync(instanceId, _codec.Encode(output, "termination output"), cancellationToken);

    private async Task TerminateEncodedAsync(string instanceId, byte[]? payload, CancellationToken cancellationToken)
    {
        var record = await RequireInstanceAsync(instanceId, "terminate", cancellationToken).ConfigureAwait(false);
        if (record.Status.IsFinished())
        {
            return;
        }

        using var span = StartSpan("terminate", instanceId);
        await SendAsync(instanceId, new ExecutionTerminatedEvent { Timestamp = Now, Reason = payload }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Suspends an instance: messages that arrive while it is suspended are kept and applied, in arrival order,
    /// when it is resumed. Suspending a finished instance changes nothing.
    /// </summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the request is durably queued.</returns>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    public async Task SuspendAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        var record = await RequireInstanceAsync(instanceId, "suspend", cancellationToken).ConfigureAwait(false);
        if (!record.Status.IsFinished())
        {
            using var span = StartSpan("suspend", instanceId);
            await SendAsync(instanceId, new ExecutionSuspendedEvent { Timestamp = Now, Reason = reason }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Resumes a suspended instance. Resuming an instance that is not suspended changes nothing.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the request is durably queued.</returns>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    public async Task ResumeAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        var record = await RequireInstanceAsync(instanceId, "resume", cancellationToken).ConfigureAwait(false);
        if (!record.Status.IsFinished())
        {
            using var span = StartSpan("resume", instanceId);
            await SendAsync(instanceId, new ExecutionResumedEvent { Timestamp = Now, Reason = reason }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes a finished instance and its history.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of instances deleted: 1, or 0 for an unknown id.</returns>
    /// <exception cref="InvalidOperationException">The instance has not finished.</exception>
    public async Task<int> PurgeAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await EnsureInitializedAsync().ConfigureAwait(false);
        return await _backend.Store.PurgeInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists instances matching a query, one page at a time (oldest first).</summary>
    /// <param name="query">Filters and paging; <see langword="null"/> for the first page of everything.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The page, with a continuation token when there are more.</returns>
    public async Task<OrchestrationStatusPage> ListAsync(InstanceQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new InstanceQuery();
        if (query.PageSize is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, "InstanceQuery.PageSize must be between 1 and 1,000.");
        }

        await EnsureInitializedAsync().ConfigureAwait(false);
        var page = await _backend.Store.ListInstancesAsync(query, cancellationToken).ConfigureAwait(false);
        return new OrchestrationStatusPage(page.Instances.Select(r => new OrchestrationStatus(r, null, _codec)).ToList(), page.ContinuationToken);
    }

    private DateTime Now => _options.TimeProvider.GetUtcNow().UtcDateTime;

    private Task EnsureInitializedAsync() => _initialized.Value;

    private async Task<InstanceRecord> RequireInstanceAsync(string instanceId, string operation, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await EnsureInitializedAsync().ConfigureAwait(false);
        return await _backend.Store.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false)
            ?? throw new InstanceNotFoundException(instanceId, operation);
    }

    /// <summary>A producer span for an operation that sends a message; the message carries its context.</summary>
    private Activity? StartSpan(string name, string instanceId)
    {
        var span = _instrumentation.ActivitySource.StartActivity(name, ActivityKind.Producer);
        span?.SetTag(WorkflowInstrumentation.Tags.InstanceId, instanceId);
        return span;
    }

    private Task SendAsync(string instanceId, HistoryEvent e, CancellationToken cancellationToken)
    {
        var id = WorkMessage.NewId();
        return _backend.Transport.SendAsync(
            [new WorkMessage { MessageId = id, InstanceId = instanceId, Event = e with { MessageId = id }, TraceParent = Activity.Current?.Id }],
            cancellationToken);
    }

    private static void ValidateInstanceId(string instanceId)
    {
        if (instanceId.Length > 256 || instanceId.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"Instance ids are at most 256 characters without control characters; got '{instanceId[..Math.Min(instanceId.Length, 40)]}' ({instanceId.Length} characters).",
                nameof(instanceId));
        }
    }
}

/// <summary>Options for <see cref="WorkflowClient.StartOrchestrationAsync(string, object?, StartOrchestrationOptions, CancellationToken)"/>.</summary>
public sealed record StartOrchestrationOptions
{
    /// <summary>The instance id; <see langword="null"/> generates one.</summary>
    public string? InstanceId { get; init; }

    /// <summary>The orchestration version to run; <see langword="null"/> lets the worker pick its default version.</summary>
    public string? Version { get; init; }

    /// <summary>When to start; <see langword="null"/> for now. The instance is Pending until then.</summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>
    /// Whether an id whose instance has finished may be started again (a new execution replacing the old one).
    /// Default <see langword="true"/>. An id whose instance is still pending, running or suspended is never reused.
    /// </summary>
    public bool ReuseFinishedInstanceId { get; init; } = true;
}

/// <summary>Settings of a <see cref="WorkflowClient"/>.</summary>
public sealed class WorkflowClientOptions
{
    /// <summary>
    /// The payload serializer; must match the workers'. Default: <see cref="MessagePackPayloadSerializer"/>; under NativeAOT,
    /// where it cannot run, there is no default and a serializer with source-generated metadata must be set.
    /// </summary>
    public IPayloadSerializer PayloadSerializer { get; set; } = DefaultPayloadSerializer.Create();

    /// <summary>The largest serialized payload accepted. Default 4 MiB.</summary>
    public int MaxPayloadBytes { get; set; } = PayloadCodec.DefaultMaxPayloadBytes;

    /// <summary>With a separate transport: how long a start message is claimed by this client to publish it before a relay may. Default 30 s.</summary>
    public TimeSpan OutboxClaimDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest pause between two status reads in <see cref="WorkflowClient.WaitForCompletionAsync(string, TimeSpan?, CancellationToken)"/>. Default 250 ms.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The clock. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Where the client's spans and metrics go; <see langword="null"/> (the default) uses one instance shared by all clients of
    /// the process. Either way the source and meter are named <see cref="WorkflowInstrumentation.SourceName"/>.
    /// </summary>
    public WorkflowInstrumentation? Instrumentation { get; set; }
}

/// <summary>One page of <see cref="WorkflowClient.ListAsync"/>.</summary>
/// <param name="Instances">The instances on this page.</param>
/// <param name="ContinuationToken">Pass it in the next query for the next page; <see langword="null"/> on the last page.</param>
public sealed record OrchestrationStatusPage(IReadOnlyList<OrchestrationStatus> Instances, string? ContinuationToken);
