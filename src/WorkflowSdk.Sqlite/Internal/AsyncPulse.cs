namespace WorkflowSdk.Sqlite.Internal;

/// <summary>Wakes every waiter at once when work arrives (an async "pulse all").</summary>
internal sealed class AsyncPulse
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
