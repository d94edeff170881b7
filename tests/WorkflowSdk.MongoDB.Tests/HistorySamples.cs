using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.Serialization;
using WorkflowSdk.Testing;

namespace WorkflowSdk.MongoDB.Tests;

/// <summary>Helpers for tests of stored history (the samples of every event type are <see cref="HistoryEventSamples"/>).</summary>
internal static class HistorySamples
{
    /// <summary>A time with ticks below the millisecond (they must survive the BSON date).</summary>
    public static readonly DateTime T0 = HistoryEventSamples.T0;

    /// <summary>A canonical byte form for comparing events (records compare payload arrays by reference).</summary>
    public static string Canonical(IReadOnlyList<HistoryEvent> events) => Convert.ToHexString(WireFormat.EncodeEvents(events));

    public static string Canonical(HistoryEvent e) => Canonical([e]);

    public static string Canonical(WorkMessage message) => Convert.ToHexString(WireFormat.EncodeMessage(message));

    public static IReadOnlyList<HistoryEvent> Episode(string marker, int payloadBytes = 0) =>
    [
        new OrchestratorStartedEvent { Timestamp = T0 },
        new EventRaisedEvent { Timestamp = T0, Name = marker, Input = payloadBytes > 0 ? new byte[payloadBytes] : null },
        new OrchestratorCompletedEvent { Timestamp = T0 },
    ];
}
