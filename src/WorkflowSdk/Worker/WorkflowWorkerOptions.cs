using WorkflowSdk.Serialization;

namespace WorkflowSdk;

/// <summary>Settings of a <see cref="WorkflowWorker"/>.</summary>
public sealed class WorkflowWorkerOptions
{
    /// <summary>
    /// The payload serializer; must match the clients'. Default: <see cref="MessagePackPayloadSerializer"/>; under NativeAOT,
    /// where it cannot run, there is no default and a serializer with source-generated metadata must be set.
    /// </summary>
    public IPayloadSerializer PayloadSerializer { get; set; } = DefaultPayloadSerializer.Create();

    /// <summary>The largest serialized payload accepted (inputs, results, events). Default 4 MiB.</summary>
    public int MaxPayloadBytes { get; set; } = PayloadCodec.DefaultMaxPayloadBytes;

    /// <summary>
    /// How many orchestration episodes run at once. An episode spends most of its time waiting for the store and
    /// the transport, so this is well above the processor count. Default: eight per processor, at least 16.
    /// </summary>
    public int MaxConcurrentOrchestrations { get; set; } = Math.Max(16, Environment.ProcessorCount * 8);

    /// <summary>How many activities run at once. Default: eight times the processor count.</summary>
    public int MaxConcurrentActivities { get; set; } = Math.Max(8, Environment.ProcessorCount * 8);

    /// <summary>
    /// How many orchestration instances are kept in memory between episodes, so that a new message resumes
    /// them without replaying their history. 0 disables the cache (every episode replays). Default 10,000.
    /// </summary>
    public int CacheCapacity { get; set; } = 10_000;

    /// <summary>
    /// After this many deliveries without success, a message is dead-lettered and its instance failed (or, for an
    /// activity call, the call failed) with a reason that says so. Default 10.
    /// </summary>
    public int MaxDeliveryCount { get; set; } = 10;

    /// <summary>How long one receive call waits for work before looping (also bounds shutdown latency). Default 1 s.</summary>
    public TimeSpan ReceiveWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// With a separate transport: how long an outbox message claimed for publishing (just committed by this worker, or
    /// picked up by its relay) is left alone by other relays. Default 30 s.
    /// </summary>
    public TimeSpan OutboxClaimDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// With a separate transport: the longest the outbox relay sleeps before looking for due timers and messages
    /// that other workers committed but did not publish. Default 250 ms.
    /// </summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often a running activity's lease is renewed; must be well below the transport's lease duration.
    /// Default 10 s.
    /// </summary>
    public TimeSpan ActivityLeaseRenewalInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait before retrying work that failed unexpectedly (storage errors). Default 1 s.</summary>
    public TimeSpan ErrorRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether this worker runs orchestrations. Default <see langword="true"/>.</summary>
    public bool RunOrchestrations { get; set; } = true;

    /// <summary>Whether this worker runs activities. Default <see langword="true"/>.</summary>
    public bool RunActivities { get; set; } = true;

    /// <summary>How often the worker samples the transport's backlog for the <c>workflowsdk.backlog</c> metric. Default 5 s.</summary>
    public TimeSpan BacklogSampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The traces and metrics the worker reports through; <see langword="null"/> (the default) gives the worker its own,
    /// disposed with it. A host shares one between its worker and client.
    /// </summary>
    public Diagnostics.WorkflowInstrumentation? Instrumentation { get; set; }

    /// <summary>The clock (replaceable in tests). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Purge finished instances older than these ages, sweeping every <see cref="RetentionPolicy.Interval"/>;
    /// <see langword="null"/> (the default) keeps every instance until someone purges it.
    /// </summary>
    public RetentionPolicy? Retention { get; set; }

    /// <summary>
    /// Checks every setting and returns one message per problem, each starting with the setting's name (e.g.
    /// <c>MaxConcurrentActivities must be positive (it is 0).</c>), so a host can report them all at start-up.
    /// </summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        Check(errors, PayloadSerializer is not null, nameof(PayloadSerializer), "must be set", "null");
        Check(errors, TimeProvider is not null, nameof(TimeProvider), "must be set", "null");
        Check(errors, MaxPayloadBytes > 0, nameof(MaxPayloadBytes), "must be positive", MaxPayloadBytes);
        Check(errors, MaxConcurrentOrchestrations > 0, nameof(MaxConcurrentOrchestrations), "must be positive", MaxConcurrentOrchestrations);
        Check(errors, MaxConcurrentActivities > 0, nameof(MaxConcurrentActivities), "must be positive", MaxConcurrentActivities);
        Check(errors, CacheCapacity >= 0, nameof(CacheCapacity), "must not be negative", CacheCapacity);
        Check(errors, MaxDeliveryCount > 0, nameof(MaxDeliveryCount), "must be positive", MaxDeliveryCount);
        Check(errors, ReceiveWait > TimeSpan.Zero, nameof(ReceiveWait), "must be positive", ReceiveWait);
        Check(errors, OutboxClaimDuration > TimeSpan.Zero, nameof(OutboxClaimDuration), "must be positive", OutboxClaimDuration);
        Check(errors, RelayPollInterval > TimeSpan.Zero, nameof(RelayPollInterval), "must be positive", RelayPollInterval);
        Check(errors, ActivityLeaseRenewalInterval > TimeSpan.Zero, nameof(ActivityLeaseRenewalInterval), "must be positive", ActivityLeaseRenewalInterval);
        Check(errors, ErrorRetryDelay >= TimeSpan.Zero, nameof(ErrorRetryDelay), "must not be negative", ErrorRetryDelay);
        Check(errors, BacklogSampleInterval > TimeSpan.Zero, nameof(BacklogSampleInterval), "must be positive", BacklogSampleInterval);
        Check(errors, RunOrchestrations || RunActivities, nameof(RunOrchestrations), "or RunActivities must be true", "both are false");
        errors.AddRange(Retention?.ValidationErrors() ?? []);
        return errors;
    }

    /// <summary>Throws for the first invalid setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    internal void Validate()
    {
        var errors = GetValidationErrors();
        if (errors.Count > 0)
        {
            var setting = errors[0].Split(' ', 2)[0];
            throw new ArgumentException($"WorkflowWorkerOptions.{errors[0]}", setting);
        }
    }

    private static void Check(List<string> errors, bool condition, string setting, string rule, object? actual)
    {
        if (!condition)
        {
            errors.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{setting} {rule} (it is {actual})."));
        }
    }
}
