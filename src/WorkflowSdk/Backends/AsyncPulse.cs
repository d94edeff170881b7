namespace WorkflowSdk.Backends;

/// <summary>
/// Wakes every waiter at once (an async "pulse all"): a helper for backends and workers whose receivers sleep
/// until work arrives. Waiters take <see cref="NextPulse"/> <em>before</em> looking for work, so a pulse between
/// the look and the wait is not missed.
/// </summary>
public sealed class AsyncPulse
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next <see cref="PulseAll"/>.</summary>
    public Task NextPulse => Volatile.Read(ref _next).Task;

    /// <summary>Wakes everyone waiting on <see cref="NextPulse"/>.</summary>
    public void PulseAll()
    {
        var previous = Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }
}
