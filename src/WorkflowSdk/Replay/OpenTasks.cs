using WorkflowSdk.History;

namespace WorkflowSdk.Replay;

/// <summary>The kinds of scheduled action that wait for a result message.</summary>
internal enum OpenTaskKind
{
    Activity,
    Timer,
    SubOrchestration,
}

/// <summary>A scheduled action whose result has not arrived yet, keyed by its task id.</summary>
internal sealed class OpenTask(int taskId, OpenTaskKind kind, string name)
{
    public int TaskId { get; } = taskId;

    public OpenTaskKind Kind { get; } = kind;

    /// <summary>The activity or sub-orchestration name ("timer" for timers).</summary>
    public string Name { get; } = name;

    /// <summary>For a sub-orchestration: its instance id (terminations cascade to it).</summary>
    public string? InstanceId { get; init; }

    /// <summary>Completed with the result payload, or failed with the task's exception.</summary>
    public TaskCompletionSource<byte[]?> Completion { get; } = new();

    /// <summary>When the action was scheduled (the orchestration time of that episode).</summary>
    public DateTime CreatedAt { get; init; }

    /// <summary>For the timeout timer of <c>WaitForExternalEvent</c>: the waiter it times out.</summary>
    public EventWaiter? TimesOut { get; init; }

    /// <summary>Set when the code no longer waits for this timer; its firing is then ignored.</summary>
    public volatile bool Cancelled;

    public string Describe() => Kind switch
    {
        OpenTaskKind.Activity => $"activity '{Name}' (task #{TaskId})",
        OpenTaskKind.SubOrchestration => $"sub-orchestration '{Name}' (task #{TaskId})",
        _ => $"timer (task #{TaskId})",
    };
}

/// <summary>Code waiting in <c>WaitForExternalEvent</c>.</summary>
internal sealed class EventWaiter(string name, TimeSpan? timeout)
{
    public string Name { get; } = name;

    public TimeSpan? Timeout { get; } = timeout;

    public TaskCompletionSource<byte[]?> Completion { get; } = new();

    /// <summary>The task id of the timeout timer, when there is one.</summary>
    public OpenTask? TimeoutTimer { get; set; }

    /// <summary>The registration on the code's cancellation token, when it gave one.</summary>
    public CancellationTokenRegistration Cancellation { get; set; }

    /// <summary>
    /// The code's token fired: the wait ends as canceled and its timeout timer is dropped. Only flags (it may run on the
    /// thread that cancels); the engine skips a completed waiter when an event arrives, so it never takes one.
    /// </summary>
    /// <param name="cancellationToken">The token that fired.</param>
    public void Cancel(CancellationToken cancellationToken)
    {
        if (Completion.TrySetCanceled(cancellationToken) && TimeoutTimer is { } timer)
        {
            timer.Cancelled = true;
        }
    }
}

/// <summary>An action the code took in this run that is not yet matched to history (replay) or recorded (new episode).</summary>
internal sealed class PendingAction(ScheduledActionEvent recordedAs, Backends.WorkMessage? message)
{
    /// <summary>The event that records the action (its <see cref="ScheduledActionEvent.Source"/> names the call site).</summary>
    public ScheduledActionEvent Event { get; } = recordedAs;

    /// <summary>The message to send if the action is new.</summary>
    public Backends.WorkMessage? Message { get; } = message;

    /// <summary>Formats a call site as <c>File.cs:42 in Member</c>, or <see langword="null"/> when unknown.</summary>
    public static string? FormatSource(string member, string file, int line) =>
        line <= 0 ? null : $"{Path.GetFileName(file)}:{line} in {member}";
}
