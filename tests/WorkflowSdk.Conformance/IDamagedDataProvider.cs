namespace WorkflowSdk.Conformance;

/// <summary>
/// A backend provider that can damage its own storage the way a disk, an operator or a bug would, for
/// <see cref="DamagedDataTests"/>: how the damage is done and how the backend words it are the backend's.
/// </summary>
public interface IDamagedDataProvider : IBackendProvider
{
    /// <summary>Damages the stored history of <paramref name="instanceId"/> (every row or chunk of it).</summary>
    /// <param name="host">The test's host (its backend is this provider's).</param>
    /// <param name="instanceId">The instance.</param>
    /// <returns>A task.</returns>
    Task DamageHistoryAsync(WorkflowTestHost host, string instanceId);

    /// <summary>A regular expression the failure message of an instance whose history was damaged matches.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <returns>The pattern.</returns>
    string DamagedHistoryReason(string instanceId);

    /// <summary>Puts a message for <paramref name="instanceId"/> that cannot be decoded where the workers will pick it up.</summary>
    /// <param name="host">The test's host.</param>
    /// <param name="instanceId">The instance the message is for.</param>
    /// <returns>A task.</returns>
    Task InjectUndecodableMessageAsync(WorkflowTestHost host, string instanceId);

    /// <summary>Asserts what the backend says and keeps about the undecodable message (the failure's wording, the dead letter).</summary>
    /// <param name="host">The test's host.</param>
    /// <param name="instanceId">The instance the message was for.</param>
    /// <param name="status">The failed instance, read with history.</param>
    /// <returns>A task.</returns>
    Task AssertUndecodableMessageDeadLetteredAsync(WorkflowTestHost host, string instanceId, OrchestrationStatus status);
}
