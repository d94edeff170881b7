using System.Globalization;
using System.Text;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.History;

/// <summary>How a timeline step turned out.</summary>
public enum TimelineState
{
    /// <summary>A step that just happened (a start, an event received).</summary>
    Info = 0,

    /// <summary>Completed: an activity's or sub-orchestration's result, a fired timer, the instance's completion.</summary>
    Succeeded = 1,

    /// <summary>Failed: an activity's or sub-orchestration's failure, the instance's failure or termination.</summary>
    Failed = 2,

    /// <summary>Scheduled but without a result (still running, or no longer awaited).</summary>
    Open = 3,
}

/// <summary>One step of a <see cref="HistoryTimeline"/>: an activity call with its result, a timer, an event, the end.</summary>
/// <param name="Step">The step's number, from 1.</param>
/// <param name="At">When it happened, from the start of the execution.</param>
/// <param name="TaskId">The task id of an activity call, timer, sub-orchestration or sent event.</param>
/// <param name="What">What happened, e.g. <c>activity BookFlight</c> or <c>timer 30.000 s</c>.</param>
/// <param name="Took">How long until the result arrived, for steps that have one.</param>
/// <param name="Outcome">The result, failure or detail, as short text (payloads as compact JSON).</param>
/// <param name="State">How it turned out.</param>
public sealed record TimelineRow(int Step, TimeSpan At, int? TaskId, string What, TimeSpan? Took, string Outcome, TimelineState State);

/// <summary>
/// Turns an execution's history into a timeline people can read: one row per activity call (with its result and how long
/// it took), timer, sub-orchestration, event and the end. Used by the <c>wf show</c> command and the samples.
/// </summary>
public static class HistoryTimeline
{
    /// <summary>Builds the timeline of a history.</summary>
    /// <param name="history">The execution's history, oldest first.</param>
    /// <param name="codec">Renders payloads as JSON.</param>
    /// <returns>The rows, in history order.</returns>
    public static IReadOnlyList<TimelineRow> Build(IReadOnlyList<HistoryEvent> history, PayloadCodec codec)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(codec);
        var origin = history.OfType<ExecutionStartedEvent>().FirstOrDefault()?.Timestamp ?? (history.Count > 0 ? history[0].Timestamp : default);
        var results = new Dictionary<int, ActionResultEvent>();
        foreach (var result in history.OfType<ActionResultEvent>())
        {
            results.TryAdd(result.TaskId, result);
        }

        var scheduled = new Dictionary<int, ScheduledActionEvent>();
        foreach (var action in history.OfType<ScheduledActionEvent>())
        {
            scheduled.TryAdd(action.TaskId, action);
        }

        var rows = new List<TimelineRow>();
        void Add(HistoryEvent e, int? taskId, string what, TimeSpan? took, string outcome, TimelineState state) =>
            rows.Add(new TimelineRow(rows.Count + 1, e.Timestamp - origin, taskId, what, took, outcome, state));

        foreach (var e in history)
        {
            var result = e is ScheduledActionEvent s ? results.GetValueOrDefault(s.TaskId) : null;
            switch (e)
            {
                case ExecutionStartedEvent x:
                    var generation = x.Generation > 0 ? $" (gen {x.Generation})" : "";
                    Add(x, null, $"start {x.Name}{(x.Version is null ? "" : " v" + x.Version)}{generation}", null, "input " + Json(codec, x.Input), TimelineState.Info);
                    break;
                case TaskScheduledEvent x:
                    Add(x, x.TaskId, "activity " + x.Name, result?.Timestamp - x.Timestamp, Outcome(codec, result), State(result));
                    break;
                case TimerCreatedEvent x:
                    var kind = IsRetryDelay(x, scheduled, results) ? "retry delay" : "timer";
                    Add(x, x.TaskId, $"{kind} {Seconds(x.FireAt - x.Timestamp)} s", result?.Timestamp - x.Timestamp,
                        result is null ? "did not fire (cancelled, or no longer awaited)" : "fired", result is null ? TimelineState.Open : TimelineState.Succeeded);
                    break;
                case SubOrchestrationInstanceCreatedEvent x:
                    Add(x, x.TaskId, "sub-orchestration " + x.Name, result?.Timestamp - x.Timestamp, $"[{x.InstanceId}] {Outcome(codec, result)}", State(result));
                    break;
                case EventSentEvent x:
                    Add(x, x.TaskId, $"send event {x.Name}", null, $"to {x.TargetInstanceId}: {Json(codec, x.Input)}", TimelineState.Info);
                    break;
                case EventRaisedEvent x:
                    Add(x, null, "event " + x.Name, null, "received " + Json(codec, x.Input), TimelineState.Info);
                    break;
                case ExecutionSuspendedEvent x:
                    Add(x, null, "suspended", null, x.Reason ?? "", TimelineState.Info);
                    break;
                case ExecutionResumedEvent x:
                    Add(x, null, "resumed", null, x.Reason ?? "", TimelineState.Info);
                    break;
                case ExecutionCompletedEvent x:
                    Add(x, null, "completed", null, "-> " + Json(codec, x.Result), TimelineState.Succeeded);
                    break;
                case ExecutionFailedEvent x:
                    Add(x, null, "FAILED", null, Failure(x.FailureDetails), TimelineState.Failed);
                    break;
                case ExecutionTerminatedEvent x:
                    Add(x, null, "terminated", null, Json(codec, x.Reason), TimelineState.Failed);
                    break;
                case ExecutionContinuedAsNewEvent x:
                    Add(x, null, "continued as new", null, "next input " + Json(codec, x.Input), TimelineState.Succeeded);
                    break;
            }
        }

        return rows;
    }

    /// <summary>Renders the timeline as fixed-width text lines (a header line, then one line per row).</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="outcomeWidth">Where outcomes are clipped.</param>
    /// <returns>The lines.</returns>
    public static IReadOnlyList<string> FormatLines(IReadOnlyList<TimelineRow> rows, int outcomeWidth = 58)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var lines = new List<string> { $"  {"step",4}  {"at (s)",7}  {"task",4}  {"what",-30} {"took (s)",8}  outcome" };
        foreach (var row in rows)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  {row.Step,4}  {Seconds(row.At),7}  {(row.TaskId is { } id ? "#" + id : ""),4}  {Clip(row.What, 30),-30} {(row.Took is { } took ? Seconds(took) : ""),8}  {Clip(row.Outcome, outcomeWidth)}"));
        }

        return lines;
    }

    /// <summary>Seconds with three decimals, invariant culture.</summary>
    /// <param name="span">The duration.</param>
    /// <returns>E.g. <c>1.250</c>.</returns>
    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>Flattens text to one line and clips it with an ellipsis.</summary>
    /// <param name="text">The text.</param>
    /// <param name="width">The most characters.</param>
    /// <returns>The clipped text.</returns>
    public static string Clip(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        var flat = new StringBuilder(text).Replace('\n', ' ').Replace('\r', ' ').ToString();
        return flat.Length <= width ? flat : flat[..Math.Max(0, width - 3)] + "...";
    }

    private static string Json(PayloadCodec codec, byte[]? payload) => payload is null ? "-" : codec.ToJson(payload);

    private static TimelineState State(ActionResultEvent? result) => result switch
    {
        null => TimelineState.Open,
        TaskFailedEvent or SubOrchestrationInstanceFailedEvent => TimelineState.Failed,
        _ => TimelineState.Succeeded,
    };

    private static string Outcome(PayloadCodec codec, ActionResultEvent? result) => result switch
    {
        null => "(no result: still running, or no longer awaited)",
        TaskCompletedEvent x => "-> " + Json(codec, x.Result),
        TaskFailedEvent x => "failed: " + Failure(x.FailureDetails),
        SubOrchestrationInstanceCompletedEvent x => "-> " + Json(codec, x.Result),
        SubOrchestrationInstanceFailedEvent x => "failed: " + Failure(x.FailureDetails),
        _ => result.EventType.ToString(),
    };

    // A timer scheduled from the same call site right after a failed attempt is a RetryOptions backoff delay.
    private static bool IsRetryDelay(TimerCreatedEvent timer, Dictionary<int, ScheduledActionEvent> scheduled, Dictionary<int, ActionResultEvent> results) =>
        scheduled.TryGetValue(timer.TaskId - 1, out var previous)
        && previous.Source == timer.Source
        && results.GetValueOrDefault(previous.TaskId) is TaskFailedEvent or SubOrchestrationInstanceFailedEvent;

    private static string Failure(FailureDetails failure) => $"{failure.ErrorType[(failure.ErrorType.LastIndexOf('.') + 1)..]}: {failure.Message}";
}
