using WorkflowSdk.History;

namespace WorkflowSdk.Replay;

/// <summary>External events: buffered per name until waited for; live waiters served first-come first-served.</summary>
internal sealed partial class OrchestrationExecutor
{
    // Arrival order across all names matters for ContinueAsNew(preserveUnprocessedEvents), so one list.
    private readonly List<EventRaisedEvent> _bufferedEvents = [];
    private readonly List<EventWaiter> _waiters = [];

    private void DeliverExternalEvent(EventRaisedEvent raised)
    {
        // The first live waiter takes it. A waiter whose token fired is skipped and forgotten: it never takes an event.
        for (var index = _waiters.FindIndex(w => Matches(w, raised.Name)); index >= 0; index = _waiters.FindIndex(w => Matches(w, raised.Name)))
        {
            var waiter = _waiters[index];
            _waiters.RemoveAt(index);
            if (waiter.Completion.TrySetResult(raised.Input))
            {
                waiter.Cancellation.Dispose();
                if (waiter.TimeoutTimer is { } timer)
                {
                    timer.Cancelled = true;
                }

                return;
            }
        }

        _bufferedEvents.Add(raised);
    }

    private static bool Matches(EventWaiter waiter, string name) => string.Equals(waiter.Name, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Starts waiting for an event: served from the buffer at once, or queued as a waiter. A token that fires before an
    /// event arrives cancels the wait and removes the waiter (and its timeout timer), so the next event goes to the next
    /// live waiter or to the buffer.
    /// </summary>
    internal EventWaiter WaitForEvent(
        string name, TimeSpan? timeout, CancellationToken cancellationToken, string callerMember, string callerFile, int callerLine)
    {
        var waiter = new EventWaiter(name, timeout);
        if (cancellationToken.IsCancellationRequested)
        {
            // Cancelled before it started: it takes nothing from the buffer.
            waiter.Completion.TrySetCanceled(cancellationToken);
            return waiter;
        }

        var index = _bufferedEvents.FindIndex(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            var buffered = _bufferedEvents[index];
            _bufferedEvents.RemoveAt(index);
            waiter.Completion.TrySetResult(buffered.Input);
            return waiter;
        }

        _waiters.Add(waiter);
        if (timeout is { } t)
        {
            waiter.TimeoutTimer = ScheduleTimer(CurrentUtc + t, timesOut: waiter, callerMember, callerFile, callerLine);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Cancellation = cancellationToken.Register(static (state, token) => ((EventWaiter)state!).Cancel(token), waiter);
        }

        return waiter;
    }

    private void TimeOutWaiter(EventWaiter waiter)
    {
        if (_waiters.Remove(waiter) && !waiter.Completion.Task.IsCompleted)
        {
            waiter.Cancellation.Dispose();
            waiter.Completion.TrySetException(new TimeoutException(
                $"No external event named '{waiter.Name}' arrived within {waiter.Timeout} (instance '{InstanceId}')."));
        }
    }

    /// <summary>Whether any waiter still waits (a cancelled one does not).</summary>
    private bool HasLiveWaiters => _waiters.Exists(w => !w.Completion.Task.IsCompleted);

    /// <summary>Events that arrived but were never waited for, oldest first.</summary>
    private IReadOnlyList<EventRaisedEvent> UnconsumedEvents => _bufferedEvents;
}
