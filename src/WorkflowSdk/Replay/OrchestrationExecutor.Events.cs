using WorkflowSdk.History;

namespace WorkflowSdk.Replay;

/// <summary>External events: buffered per name until waited for; waiters served first-come first-served.</summary>
internal sealed partial class OrchestrationExecutor
{
    // Arrival order across all names matters for ContinueAsNew(preserveUnprocessedEvents), so one list.
    private readonly List<EventRaisedEvent> _bufferedEvents = [];
    private readonly List<EventWaiter> _waiters = [];

    private void DeliverExternalEvent(EventRaisedEvent raised)
    {
        var index = _waiters.FindIndex(w => string.Equals(w.Name, raised.Name, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            _bufferedEvents.Add(raised);
            return;
        }

        var waiter = _waiters[index];
        _waiters.RemoveAt(index);
        if (waiter.TimeoutTimer is { } timer)
        {
            timer.Cancelled = true;
        }

        waiter.Completion.TrySetResult(raised.Input);
    }

    /// <summary>Starts waiting for an event: served from the buffer at once, or queued as a waiter.</summary>
    internal EventWaiter WaitForEvent(string name, TimeSpan? timeout, string callerMember, string callerFile, int callerLine)
    {
        var waiter = new EventWaiter(name, timeout);
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

        return waiter;
    }

    private void TimeOutWaiter(EventWaiter waiter)
    {
        if (_waiters.Remove(waiter))
        {
            waiter.Completion.TrySetException(new TimeoutException(
                $"No external event named '{waiter.Name}' arrived within {waiter.Timeout} (instance '{InstanceId}')."));
        }
    }

    /// <summary>Events that arrived but were never waited for, oldest first.</summary>
    private IReadOnlyList<EventRaisedEvent> UnconsumedEvents => _bufferedEvents;
}
