namespace WorkflowSdk;

/// <summary>Where an orchestration instance stands. The numeric values are stored: never renumber.</summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>Started by a client; no worker has run it yet.</summary>
    Pending = 0,

    /// <summary>Running (possibly waiting for activities, timers or events).</summary>
    Running = 1,

    /// <summary>The orchestration returned; its output is the return value.</summary>
    Completed = 2,

    /// <summary>The execution ended with <c>ContinueAsNew</c> and its next execution is about to start.</summary>
    ContinuedAsNew = 3,

    /// <summary>The orchestration threw or could not run; the failure details say why.</summary>
    Failed = 4,

    /// <summary>Terminated from outside; its output is the termination reason.</summary>
    Terminated = 5,

    /// <summary>Suspended: messages are kept and applied, in arrival order, on resume.</summary>
    Suspended = 6,
}

/// <summary>Helpers for <see cref="OrchestrationRuntimeStatus"/>.</summary>
public static class OrchestrationRuntimeStatusExtensions
{
    /// <summary>Whether the instance has finished (completed, failed or terminated) and can no longer change.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for Completed, Failed and Terminated.</returns>
    public static bool IsFinished(this OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}
