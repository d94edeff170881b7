using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.MongoDB.Tests;

/// <summary>One or more events of every history event type, with every optional field set and left out.</summary>
internal static class HistorySamples
{
    /// <summary>A time with ticks below the millisecond (they must survive the BSON date).</summary>
    public static readonly DateTime T0 = new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567);

    private static readonly FailureDetails Failure = new(
        "System.InvalidOperationException",
        "outer",
        "   at Somewhere()",
        new FailureDetails("System.IO.IOException", "inner", null, new FailureDetails("X", ""), IsNonRetriable: true));

    public static IReadOnlyList<HistoryEvent> Full =>
    [
        new ExecutionStartedEvent
        {
            Timestamp = T0, MessageId = "m1", Name = "Flow", Version = "2.0", ExecutionId = "exec", Input = [1, 2, 3],
            Parent = new ParentInstance("parent", "parent-exec", 7, "ParentFlow"), Generation = 4,
        },
        new ExecutionStartedEvent { Timestamp = T0, Name = "Flow", ExecutionId = "exec" },
        new ExecutionCompletedEvent { Timestamp = T0, Result = [9] },
        new ExecutionCompletedEvent { Timestamp = T0 },
        new ExecutionFailedEvent { Timestamp = T0, FailureDetails = Failure },
        new ExecutionTerminatedEvent { Timestamp = T0, MessageId = "t", Reason = [4, 5] },
        new ExecutionTerminatedEvent { Timestamp = T0 },
        new ExecutionContinuedAsNewEvent { Timestamp = T0, Input = [6], NewExecutionId = "exec-2" },
        new ExecutionSuspendedEvent { Timestamp = T0, MessageId = "s", Reason = "maintenance" },
        new ExecutionSuspendedEvent { Timestamp = T0 },
        new ExecutionResumedEvent { Timestamp = T0, Reason = "done" },
        new ExecutionResumedEvent { Timestamp = T0 },
        new OrchestratorStartedEvent { Timestamp = T0 },
        new OrchestratorCompletedEvent { Timestamp = T0.AddMilliseconds(3) },
        new TaskScheduledEvent { Timestamp = T0, TaskId = 0, Source = "Flow.cs:42 in Run", Name = "Charge", Input = [] },
        new TaskScheduledEvent { Timestamp = T0, TaskId = 1, Name = "Charge" },
        new TaskCompletedEvent { Timestamp = T0, MessageId = "r", TaskId = 0, Result = [1] },
        new TaskCompletedEvent { Timestamp = T0, TaskId = 1 },
        new TaskFailedEvent { Timestamp = T0, TaskId = 2, FailureDetails = new FailureDetails("E", "m") },
        new TimerCreatedEvent { Timestamp = T0, TaskId = 3, Source = "Flow.cs:50 in Run", FireAt = T0.AddDays(3) },
        new TimerFiredEvent { Timestamp = T0, TaskId = 3, FireAt = T0.AddDays(3) },
        new EventRaisedEvent { Timestamp = T0, MessageId = "e", Name = "Approval", Input = [1] },
        new EventRaisedEvent { Timestamp = T0, Name = "Approval" },
        new EventSentEvent { Timestamp = T0, TaskId = 4, Source = "x", TargetInstanceId = "other", Name = "Ping", Input = [2] },
        new EventSentEvent { Timestamp = T0, TaskId = 5, TargetInstanceId = "other", Name = "Ping" },
        new SubOrchestrationInstanceCreatedEvent { Timestamp = T0, TaskId = 6, Source = "y", Name = "Child", Version = "1", InstanceId = "child", Input = [3] },
        new SubOrchestrationInstanceCreatedEvent { Timestamp = T0, TaskId = 7, Name = "Child", InstanceId = "child-2" },
        new SubOrchestrationInstanceCompletedEvent { Timestamp = T0, TaskId = 6, Result = [8] },
        new SubOrchestrationInstanceCompletedEvent { Timestamp = T0, TaskId = 7 },
        new SubOrchestrationInstanceFailedEvent { Timestamp = T0, TaskId = 6, FailureDetails = Failure },
        new EventRaisedEvent { Timestamp = DateTime.MinValue, Name = "min" },
        new EventRaisedEvent { Timestamp = DateTime.MaxValue, Name = "max" },
        new EventRaisedEvent { Timestamp = new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999), Name = "before the epoch" },
    ];

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
