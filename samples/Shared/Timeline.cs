using System.Globalization;
using System.Text;
using WorkflowSdk.History;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.Samples;

/// <summary>
/// Prints an instance's history as a short table: one row per step the orchestration took (activity, timer,
/// sub-orchestration), with its task id, when it started, how long it took and how it ended; plus the start, the
/// external events and the end of the execution.
/// </summary>
internal static class Timeline
{
    private const int OutcomeWidth = 58;
    private static readonly PayloadCodec Codec = new(new MessagePackPayloadSerializer());

    /// <summary>Prints the timeline of <paramref name="status"/> (read with history) to the console.</summary>
    /// <param name="status">The instance.</param>
    public static void Print(OrchestrationStatus status)
    {
        foreach (var line in Format(status))
        {
            Console.WriteLine(line);
        }

        Console.WriteLine();
    }

    /// <summary>The lines <see cref="Print"/> writes.</summary>
    /// <param name="status">The instance, read with history.</param>
    /// <returns>The lines.</returns>
    public static IReadOnlyList<string> Format(OrchestrationStatus status)
    {
        var history = status.History ?? throw new ArgumentException("Read the status with includeHistory: true.", nameof(status));
        var origin = history.OfType<ExecutionStartedEvent>().FirstOrDefault()?.Timestamp ?? status.CreatedAt;
        var results = history.OfType<ActionResultEvent>().GroupBy(e => e.TaskId).ToDictionary(g => g.Key, g => g.First());
        var scheduled = history.OfType<ScheduledActionEvent>().ToDictionary(e => e.TaskId);
        var rows = new List<(DateTime At, int? TaskId, string What, TimeSpan? Took, string Outcome)>();

        foreach (var e in history)
        {
            results.TryGetValue(e is ScheduledActionEvent s ? s.TaskId : -1, out var result);
            switch (e)
            {
                case ExecutionStartedEvent x:
                    var generation = x.Generation > 0 ? $" (gen {x.Generation})" : "";
                    rows.Add((x.Timestamp, null, $"start {x.Name}{(x.Version is null ? "" : " v" + x.Version)}{generation}", null, "input " + Json(x.Input)));
                    break;
                case TaskScheduledEvent x:
                    rows.Add((x.Timestamp, x.TaskId, "activity " + x.Name, result?.Timestamp - x.Timestamp, Outcome(result)));
                    break;
                case TimerCreatedEvent x:
                    var kind = IsRetryDelay(x, scheduled, results) ? "retry delay" : "timer";
                    rows.Add((x.Timestamp, x.TaskId, $"{kind} {Seconds(x.FireAt - x.Timestamp)} s", result?.Timestamp - x.Timestamp,
                        result is null ? "did not fire (cancelled, or no longer awaited)" : "fired"));
                    break;
                case SubOrchestrationInstanceCreatedEvent x:
                    rows.Add((x.Timestamp, x.TaskId, "sub-orchestration " + x.Name, result?.Timestamp - x.Timestamp, $"[{x.InstanceId}] {Outcome(result)}"));
                    break;
                case EventSentEvent x:
                    rows.Add((x.Timestamp, x.TaskId, $"send event {x.Name}", null, $"to {x.TargetInstanceId}: {Json(x.Input)}"));
                    break;
                case EventRaisedEvent x:
                    rows.Add((x.Timestamp, null, "event " + x.Name, null, "received " + Json(x.Input)));
                    break;
                case ExecutionSuspendedEvent x:
                    rows.Add((x.Timestamp, null, "suspended", null, x.Reason ?? ""));
                    break;
                case ExecutionResumedEvent x:
                    rows.Add((x.Timestamp, null, "resumed", null, x.Reason ?? ""));
                    break;
                case ExecutionCompletedEvent x:
                    rows.Add((x.Timestamp, null, "completed", null, "-> " + Json(x.Result)));
                    break;
                case ExecutionFailedEvent x:
                    rows.Add((x.Timestamp, null, "FAILED", null, Failure(x.FailureDetails)));
                    break;
                case ExecutionTerminatedEvent x:
                    rows.Add((x.Timestamp, null, "terminated", null, Json(x.Reason)));
                    break;
                case ExecutionContinuedAsNewEvent x:
                    rows.Add((x.Timestamp, null, "continued as new", null, "next input " + Json(x.Input)));
                    break;
            }
        }

        var version = status.Version is null ? "" : $" v{status.Version}";
        var elapsed = (status.CompletedAt ?? status.LastUpdatedAt) - origin;
        var lines = new List<string>
        {
            $"Timeline of {status.InstanceId} ({status.Name}{version}): {status.RuntimeStatus} after {Seconds(elapsed)} s",
            $"  {"step",4}  {"at (s)",7}  {"task",4}  {"what",-30} {"took (s)",8}  outcome",
        };
        var step = 0;
        foreach (var row in rows)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  {++step,4}  {Seconds(row.At - origin),7}  {(row.TaskId is { } id ? "#" + id : ""),4}  {Clip(row.What, 30),-30} {(row.Took is { } took ? Seconds(took) : ""),8}  {Clip(row.Outcome, OutcomeWidth)}"));
        }

        return lines;
    }

    /// <summary>Renders a payload as compact JSON.</summary>
    /// <param name="payload">The serialized payload.</param>
    /// <returns>JSON text, or <c>-</c> for none.</returns>
    public static string Json(byte[]? payload) => payload is null ? "-" : Codec.ToJson(payload);

    private static string Outcome(ActionResultEvent? result) => result switch
    {
        null => "(no result: still running, or no longer awaited)",
        TaskCompletedEvent x => "-> " + Json(x.Result),
        TaskFailedEvent x => "failed: " + Failure(x.FailureDetails),
        SubOrchestrationInstanceCompletedEvent x => "-> " + Json(x.Result),
        SubOrchestrationInstanceFailedEvent x => "failed: " + Failure(x.FailureDetails),
        _ => result.EventType.ToString(),
    };

    // A timer scheduled from the same call site right after a failed attempt is a RetryOptions backoff delay.
    private static bool IsRetryDelay(TimerCreatedEvent timer, Dictionary<int, ScheduledActionEvent> scheduled, Dictionary<int, ActionResultEvent> results) =>
        scheduled.TryGetValue(timer.TaskId - 1, out var previous)
        && previous.Source == timer.Source
        && results.GetValueOrDefault(previous.TaskId) is TaskFailedEvent or SubOrchestrationInstanceFailedEvent;

    private static string Failure(FailureDetails failure) => $"{ShortType(failure.ErrorType)}: {failure.Message}";

    private static string ShortType(string typeName) => typeName[(typeName.LastIndexOf('.') + 1)..];

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Clip(string text, int width)
    {
        var flat = new StringBuilder(text).Replace('\n', ' ').Replace('\r', ' ').ToString();
        return flat.Length <= width ? flat : flat[..(width - 3)] + "...";
    }
}
