namespace WorkflowSdk;

/// <summary>
/// Thrown when orchestration code, replayed over its recorded history, does something different from
/// what the history recorded: it scheduled another activity, in another order, or stopped scheduling.
/// The instance is failed with this error; it is never allowed to diverge silently.
/// </summary>
/// <remarks>
/// The usual cause is a code change deployed while instances were running (use orchestration versions
/// for that), or nondeterministic code (<see cref="DateTime.UtcNow"/>, <see cref="Guid.NewGuid"/>,
/// <see cref="Random"/>, I/O) deciding which steps run. The message names the step, what the history
/// recorded and what the code did now, with the call site when known.
/// </remarks>
public sealed class NonDeterminismException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="instanceId">The instance being replayed.</param>
    /// <param name="orchestrationName">The orchestration's name.</param>
    /// <param name="step">The sequence number (task id) where code and history part ways.</param>
    /// <param name="recorded">What the history recorded at that step, or <see langword="null"/> for nothing.</param>
    /// <param name="actual">What the code did at that step now, or <see langword="null"/> for nothing.</param>
    public NonDeterminismException(string instanceId, string orchestrationName, int step, string? recorded, string? actual)
        : base(FormatMessage(instanceId, orchestrationName, step, recorded, actual))
    {
        InstanceId = instanceId;
        OrchestrationName = orchestrationName;
        Step = step;
        Recorded = recorded;
        Actual = actual;
    }

    /// <summary>The instance being replayed.</summary>
    public string InstanceId { get; }

    /// <summary>The orchestration's name.</summary>
    public string OrchestrationName { get; }

    /// <summary>The sequence number (task id) of the step where code and history part ways.</summary>
    public int Step { get; }

    /// <summary>What the history recorded at <see cref="Step"/>; <see langword="null"/> when it recorded nothing.</summary>
    public string? Recorded { get; }

    /// <summary>What the code did at <see cref="Step"/>; <see langword="null"/> when it did nothing.</summary>
    public string? Actual { get; }

    private static string FormatMessage(string instanceId, string orchestrationName, int step, string? recorded, string? actual) =>
        $"Non-deterministic orchestration '{orchestrationName}' (instance '{instanceId}') at step #{step}: " +
        $"history recorded {recorded ?? "nothing"}, but the code now {actual ?? "did nothing"}. " +
        "Replayed orchestration code must make the same calls in the same order as when the history was written; " +
        "deploy changed orchestration code as a new version, and keep clocks, GUIDs, random numbers and I/O out of orchestrations.";
}
