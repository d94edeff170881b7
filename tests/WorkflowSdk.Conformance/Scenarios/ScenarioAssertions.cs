using WorkflowSdk.History;

namespace WorkflowSdk.Conformance.Scenarios;

/// <summary>History queries the scenario tests share.</summary>
public static class ScenarioAssertions
{
    /// <summary>The names of the activities the instance called, in scheduling order.</summary>
    public static IReadOnlyList<string> ActivityCalls(this OrchestrationStatus status) =>
        status.Events<TaskScheduledEvent>().Select(e => e.Name).ToList();

    /// <summary>The delay each timer was created with, measured from the time of the episode that created it.</summary>
    public static IReadOnlyList<TimeSpan> TimerDelays(this OrchestrationStatus status)
    {
        var history = status.History!;
        var delays = new List<TimeSpan>();
        var episodeTime = DateTime.MinValue;
        foreach (var e in history)
        {
            switch (e)
            {
                case OrchestratorStartedEvent started:
                    episodeTime = started.Timestamp;
                    break;
                case TimerCreatedEvent timer:
                    delays.Add(timer.FireAt - episodeTime);
                    break;
            }
        }

        return delays;
    }

    /// <summary>The index of the episode (counted by <see cref="OrchestratorStartedEvent"/>) each matching event was recorded in.</summary>
    public static IReadOnlyList<int> EpisodesOf<T>(this OrchestrationStatus status, Func<T, bool> predicate)
        where T : HistoryEvent
    {
        var episode = -1;
        var found = new List<int>();
        foreach (var e in status.History!)
        {
            if (e is OrchestratorStartedEvent)
            {
                episode++;
            }
            else if (e is T match && predicate(match))
            {
                found.Add(episode);
            }
        }

        return found;
    }

    /// <summary>The position in history of the first event matching <paramref name="predicate"/>.</summary>
    public static int IndexOf(this OrchestrationStatus status, Func<HistoryEvent, bool> predicate) =>
        status.History!.ToList().FindIndex(e => predicate(e));
}
