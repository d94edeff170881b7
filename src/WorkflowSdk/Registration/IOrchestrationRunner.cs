using WorkflowSdk.Serialization;

namespace WorkflowSdk;

/// <summary>
/// Runs one orchestration from serialized input to serialized output. The registry holds one per
/// orchestration name (and version); the generated runners implement it without reflection, and
/// <see cref="WorkflowRegistry"/>'s typed <c>AddOrchestration</c> overloads wrap delegates in it.
/// </summary>
public interface IOrchestrationRunner
{
    /// <summary>Runs the orchestration.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="input">The serialized input, or <see langword="null"/> for none.</param>
    /// <param name="codec">Decodes the input and encodes the result.</param>
    /// <returns>The serialized result, or <see langword="null"/> for none.</returns>
    Task<byte[]?> RunAsync(OrchestrationContext context, byte[]? input, PayloadCodec codec);
}

/// <summary>
/// Runs one activity from serialized input to serialized output. See <see cref="IOrchestrationRunner"/>.
/// </summary>
public interface IActivityRunner
{
    /// <summary>Runs the activity.</summary>
    /// <param name="context">The activity call.</param>
    /// <param name="input">The serialized input, or <see langword="null"/> for none.</param>
    /// <param name="codec">Decodes the input and encodes the result.</param>
    /// <returns>The serialized result, or <see langword="null"/> for none.</returns>
    Task<byte[]?> RunAsync(ActivityContext context, byte[]? input, PayloadCodec codec);
}
