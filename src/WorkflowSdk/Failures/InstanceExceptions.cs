namespace WorkflowSdk;

/// <summary>Thrown when an instance id is started while an instance with that id is still pending, running or suspended.</summary>
public sealed class OrchestrationAlreadyExistsException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="instanceId">The instance id that is taken.</param>
    /// <param name="status">The status of the existing instance.</param>
    public OrchestrationAlreadyExistsException(string instanceId, OrchestrationRuntimeStatus status)
        : base($"An orchestration instance with id '{instanceId}' already exists and is {status}. " +
               "Wait for it to finish, terminate it, or start the new instance with another id.")
    {
        InstanceId = instanceId;
        Status = status;
    }

    /// <summary>The instance id that is taken.</summary>
    public string InstanceId { get; }

    /// <summary>The status of the existing instance.</summary>
    public OrchestrationRuntimeStatus Status { get; }
}

/// <summary>Thrown when an operation names an instance id that does not exist.</summary>
public sealed class InstanceNotFoundException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="instanceId">The unknown instance id.</param>
    /// <param name="operation">What was being attempted, e.g. "raise event 'Approval'".</param>
    public InstanceNotFoundException(string instanceId, string operation)
        : base($"Cannot {operation}: no orchestration instance with id '{instanceId}' exists.")
    {
        InstanceId = instanceId;
    }

    /// <summary>The unknown instance id.</summary>
    public string InstanceId { get; }
}

/// <summary>
/// The failure recorded when an orchestration calls an activity that no worker has registered.
/// It is never retried.
/// </summary>
public sealed class ActivityNotFoundException : Exception, INonRetriableFailure
{
    /// <summary>Creates the exception.</summary>
    /// <param name="activityName">The unknown activity name.</param>
    /// <param name="knownActivities">The names the worker does know, for the message.</param>
    public ActivityNotFoundException(string activityName, IEnumerable<string> knownActivities)
        : base($"No activity named '{activityName}' is registered with this worker. Known activities: " +
               $"{FormatNames(knownActivities)}.")
    {
        ActivityName = activityName;
    }

    /// <summary>The unknown activity name.</summary>
    public string ActivityName { get; }

    internal static string FormatNames(IEnumerable<string> names)
    {
        var list = names.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list.Select(n => $"'{n}'"));
    }
}

/// <summary>
/// The failure recorded when an instance (or sub-orchestration) names an orchestration that no worker has
/// registered, or a version of it that is not registered. It is never retried.
/// </summary>
public sealed class OrchestrationNotFoundException : Exception, INonRetriableFailure
{
    /// <summary>Creates the exception.</summary>
    /// <param name="orchestrationName">The unknown orchestration name.</param>
    /// <param name="version">The requested version, if any.</param>
    /// <param name="knownOrchestrations">The names (and versions) the worker does know, for the message.</param>
    public OrchestrationNotFoundException(string orchestrationName, string? version, IEnumerable<string> knownOrchestrations)
        : base($"No orchestration named '{orchestrationName}'{(string.IsNullOrEmpty(version) ? "" : $" with version '{version}'")} " +
               $"is registered with this worker. Known orchestrations: {ActivityNotFoundException.FormatNames(knownOrchestrations)}.")
    {
        OrchestrationName = orchestrationName;
        Version = version;
    }

    /// <summary>The unknown orchestration name.</summary>
    public string OrchestrationName { get; }

    /// <summary>The requested version, if any.</summary>
    public string? Version { get; }
}

/// <summary>
/// Thrown when a payload (input, result, event data, custom status) cannot be serialized or
/// deserialized as the type the code asked for.
/// </summary>
public sealed class PayloadSerializationException : Exception, INonRetriableFailure
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was being (de)serialized and as which type.</param>
    /// <param name="innerException">The serializer's error.</param>
    public PayloadSerializationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Thrown when stored history cannot be read back (a damaged row, or one written by an incompatible
/// version). The worker fails the instance with this reason and keeps running.
/// </summary>
public sealed class HistoryCorruptedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="instanceId">The instance whose history is damaged.</param>
    /// <param name="detail">Which part of the history could not be read.</param>
    /// <param name="innerException">The decoder's error.</param>
    public HistoryCorruptedException(string instanceId, string detail, Exception? innerException)
        : base($"The stored history of instance '{instanceId}' could not be read: {detail}" +
               (innerException is null ? "" : $" ({innerException.Message})"), innerException)
    {
        InstanceId = instanceId;
    }

    /// <summary>The instance whose history is damaged.</summary>
    public string InstanceId { get; }
}

/// <summary>
/// The failure a parent orchestration sees (inside a <see cref="SubOrchestrationFailedException"/>) when its
/// sub-orchestration was terminated.
/// </summary>
public sealed class OrchestrationTerminatedException : Exception, INonRetriableFailure
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public OrchestrationTerminatedException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// Thrown by <see cref="OrchestrationHandle.WaitAsync"/> and <see cref="OrchestrationHandle{TResult}.WaitForResultAsync"/>
/// when the instance finished without completing: it failed or was terminated.
/// </summary>
public sealed class OrchestrationFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="orchestrationName">The orchestration's name.</param>
    /// <param name="status">How the instance finished.</param>
    /// <param name="failureDetails">The failure, for a failed instance.</param>
    /// <param name="terminationReason">The reason, for a terminated instance.</param>
    public OrchestrationFailedException(
        string instanceId, string orchestrationName, OrchestrationRuntimeStatus status, FailureDetails? failureDetails, string? terminationReason = null)
        : base(status == OrchestrationRuntimeStatus.Terminated
            ? $"Orchestration '{orchestrationName}' (instance '{instanceId}') was terminated{(terminationReason is null ? "." : $": {terminationReason}")}"
            : $"Orchestration '{orchestrationName}' (instance '{instanceId}') {status.ToString().ToLowerInvariant()}: " +
              $"{failureDetails?.ErrorType ?? "unknown error"}: {failureDetails?.Message}")
    {
        InstanceId = instanceId;
        OrchestrationName = orchestrationName;
        Status = status;
        FailureDetails = failureDetails;
    }

    /// <summary>The instance id.</summary>
    public string InstanceId { get; }

    /// <summary>The orchestration's name.</summary>
    public string OrchestrationName { get; }

    /// <summary>How the instance finished (<see cref="OrchestrationRuntimeStatus.Failed"/> or <see cref="OrchestrationRuntimeStatus.Terminated"/>).</summary>
    public OrchestrationRuntimeStatus Status { get; }

    /// <summary>The failure (type, message, stack, inner failures) of a failed instance.</summary>
    public FailureDetails? FailureDetails { get; }
}
