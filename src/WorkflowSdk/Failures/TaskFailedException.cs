namespace WorkflowSdk;

/// <summary>
/// Thrown inside an orchestration when an activity it called failed (after any retries).
/// <see cref="FailureDetails"/> carries the activity's original exception as data.
/// </summary>
public class TaskFailedException : Exception
{
    /// <summary>Creates the exception for a failed activity.</summary>
    /// <param name="activityName">The activity's name.</param>
    /// <param name="taskId">The task id (sequence number) of the failed call.</param>
    /// <param name="failureDetails">The activity's failure.</param>
    public TaskFailedException(string activityName, int taskId, FailureDetails failureDetails)
        : base(
            $"Activity '{activityName}' (task #{taskId}) failed: {failureDetails?.ErrorType}: {failureDetails?.Message}",
            failureDetails is null ? null : new RemoteFailureException(failureDetails))
    {
        ArgumentNullException.ThrowIfNull(failureDetails);
        Name = activityName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    /// <summary>Creates the exception with a message of the caller's choosing.</summary>
    /// <param name="message">The message.</param>
    /// <param name="name">The failed task's name.</param>
    /// <param name="taskId">The failed task's id.</param>
    /// <param name="failureDetails">The failure.</param>
    protected TaskFailedException(string message, string name, int taskId, FailureDetails failureDetails)
        : base(message, failureDetails is null ? null : new RemoteFailureException(failureDetails))
    {
        ArgumentNullException.ThrowIfNull(failureDetails);
        Name = name;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    /// <summary>The name of the activity (or sub-orchestration) that failed.</summary>
    public string Name { get; }

    /// <summary>The task id (sequence number in the history) of the failed call.</summary>
    public int TaskId { get; }

    /// <summary>The original failure: type name, message, stack trace and inner failures.</summary>
    public FailureDetails FailureDetails { get; }
}

/// <summary>
/// Thrown inside an orchestration when a sub-orchestration it called failed.
/// </summary>
public sealed class SubOrchestrationFailedException : TaskFailedException
{
    /// <summary>Creates the exception for a failed sub-orchestration.</summary>
    /// <param name="orchestrationName">The sub-orchestration's name.</param>
    /// <param name="instanceId">The sub-orchestration's instance id.</param>
    /// <param name="taskId">The task id (sequence number) of the call in the parent's history.</param>
    /// <param name="failureDetails">The sub-orchestration's failure.</param>
    public SubOrchestrationFailedException(string orchestrationName, string instanceId, int taskId, FailureDetails failureDetails)
        : base(
            $"Sub-orchestration '{orchestrationName}' (instance '{instanceId}', task #{taskId}) failed: {failureDetails?.ErrorType}: {failureDetails?.Message}",
            orchestrationName,
            taskId,
            failureDetails!)
    {
        InstanceId = instanceId;
    }

    /// <summary>The failed sub-orchestration's instance id.</summary>
    public string InstanceId { get; }
}

/// <summary>
/// The inner exception of a <see cref="TaskFailedException"/>: the remote failure rebuilt as an
/// exception so that logs and debuggers show it (its type is always this one; the original type name
/// is in <see cref="FailureDetails"/>).
/// </summary>
public sealed class RemoteFailureException : Exception
{
    /// <summary>Creates the exception from a remote failure.</summary>
    /// <param name="failureDetails">The remote failure.</param>
    public RemoteFailureException(FailureDetails failureDetails)
        : base(
            $"{failureDetails?.ErrorType}: {failureDetails?.Message}",
            failureDetails?.InnerFailure is null ? null : new RemoteFailureException(failureDetails.InnerFailure))
    {
        ArgumentNullException.ThrowIfNull(failureDetails);
        FailureDetails = failureDetails;
    }

    /// <summary>The remote failure.</summary>
    public FailureDetails FailureDetails { get; }

    /// <summary>The remote stack trace.</summary>
    public override string? StackTrace => FailureDetails.StackTrace;
}
