using WorkflowSdk.History;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.Samples;

/// <summary>
/// Prints an instance's history as a short table: one row per step the orchestration took (activity, timer,
/// sub-orchestration), with its task id, when it started, how long it took and how it ended; plus the start, the
/// external events and the end of the execution. The rows come from <see cref="HistoryTimeline"/>, which the
/// <c>wf show</c> command uses too.
/// </summary>
internal static class Timeline
{
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
        var version = status.Version is null ? "" : $" v{status.Version}";
        var elapsed = (status.CompletedAt ?? status.LastUpdatedAt) - origin;
        return
        [
            $"Timeline of {status.InstanceId} ({status.Name}{version}): {status.RuntimeStatus} after {HistoryTimeline.Seconds(elapsed)} s",
            .. HistoryTimeline.FormatLines(status.Timeline()),
        ];
    }

    /// <summary>Renders a payload as compact JSON.</summary>
    /// <param name="payload">The serialized payload.</param>
    /// <returns>JSON text, or <c>-</c> for none.</returns>
    public static string Json(byte[]? payload) => payload is null ? "-" : Codec.ToJson(payload);
}
