using WorkflowSdk.History;

namespace WorkflowSdk.Conformance.Scenarios;

/// <summary>
/// Every sample scenario, run twice on fresh storage: once with the worker's cache of suspended orchestrations (a new
/// message resumes the coroutine) and once with <c>CacheCapacity = 0</c> (every episode replays the whole history).
/// Both must give the same results and the same histories.
/// </summary>
public abstract class CachedAndReplayedRunsAgreeTests : ConformanceTests
{
    public static TheoryData<string> Scenarios => [.. SampleScenarios.All.Keys];

    [ConformanceTheory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_RunWithTheCacheAndWithFullReplay_GivesIdenticalResultsAndHistories(string scenario)
    {
        var (hasConcurrentSteps, drive) = SampleScenarios.All[scenario];

        IReadOnlyList<OrchestrationStatus> cached, replayed;
        await using (var run = new ScenarioRun(CreateProvider()))
        {
            cached = await drive(run);
            Assert.True(run.CacheHits > 0, $"the cached run never resumed from the cache ({run.CacheMisses} replays)");
        }

        await using (var run = new ScenarioRun(CreateProvider(), options => options.CacheCapacity = 0))
        {
            replayed = await drive(run);
            Assert.Equal(0, run.CacheHits);
            Assert.True(run.CacheMisses > 0);
        }

        Assert.Equal(cached.Select(s => s.InstanceId), replayed.Select(s => s.InstanceId));
        foreach (var (one, two) in cached.Zip(replayed))
        {
            Assert.Equal((one.RuntimeStatus, one.Version), (two.RuntimeStatus, two.Version));
            Assert.Equal(Hex(one.Record.Output), Hex(two.Record.Output));
            Assert.Equal(one.FailureDetails?.ToString(), two.FailureDetails?.ToString());
            Assert.Equal(Hex(one.Record.CustomStatus), Hex(two.Record.CustomStatus));
            Assert.Equal(Comparable(one, hasConcurrentSteps), Comparable(two, hasConcurrentSteps));
        }
    }

    /// <summary>
    /// The history's <see cref="HistoryAssertions.Shape"/>. Where steps run concurrently, the order in which their
    /// results arrive (and what the code scheduled in between) depends on timing, not on caching; so the lines are put
    /// in task-id order there (each action followed by its result), keeping the first and last lines in place. (The
    /// concurrent samples schedule at most one follow-up step while results arrive, so task ids themselves do not
    /// depend on timing.)
    /// </summary>
    private static IReadOnlyList<string> Comparable(OrchestrationStatus status, bool hasConcurrentSteps)
    {
        var shape = status.Shape();
        if (!hasConcurrentSteps)
        {
            return shape;
        }

        var events = status.History!.Where(e => e is not OrchestratorStartedEvent and not OrchestratorCompletedEvent).ToList();
        Assert.Equal(events.Count, shape.Count);
        Assert.DoesNotContain(events, e => e is EventRaisedEvent); // not ordered by task id; no concurrent scenario has one
        return
        [
            shape[0],
            .. events.Select((e, i) => (e, line: shape[i]))
                .Skip(1).SkipLast(1)
                .OrderBy(x => x.e switch { ScheduledActionEvent a => a.TaskId, ActionResultEvent r => r.TaskId, _ => -1 })
                .ThenBy(x => x.e is ActionResultEvent)
                .Select(x => x.line),
            shape[^1],
        ];
    }

    private static string Hex(byte[]? bytes) => bytes is null ? "-" : Convert.ToHexString(bytes);
}
