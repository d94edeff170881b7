using System.Collections.Frozen;
using MongoDB.Bson;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using static WorkflowSdk.MongoDB.Internal.Bson.BsonFields;

namespace WorkflowSdk.MongoDB.Internal.Bson;

/// <summary>
/// The readable BSON form of history events, failures and work messages. Every event is a document tagged by its
/// type name: <c>{ type: "TaskScheduled", ts: ISODate(...), taskId: 0, name: "Charge", input: BinData(0, ...) }</c>.
/// Payloads stay the bytes the payload serializer produced (binary subtype 0); everything else is a plain field, so
/// the documents can be read in any MongoDB tool.
/// </summary>
/// <remarks>
/// Decoding only ever produces the known event types (the tag is looked up in a fixed table, never used as a type
/// name), unknown fields are ignored (fields are only ever added) and malformed documents raise
/// <see cref="InvalidDataException"/>, like <see cref="Serialization.WireFormat"/>.
/// </remarks>
internal static class EventBson
{
    public const string Type = "type";
    public const string Timestamp = "ts";
    public const string MessageId = "messageId";
    public const string TaskId = "taskId";
    public const string Source = "source";
    public const string Name = "name";
    public const string Version = "version";
    public const string ExecutionId = "executionId";
    public const string Input = "input";
    public const string Result = "result";
    public const string Reason = "reason";
    public const string Failure = "failure";
    public const string Parent = "parent";
    public const string Generation = "generation";
    public const string TraceParent = "traceParent";
    public const string NewExecutionId = "newExecutionId";
    public const string FireAt = "fireAt";
    public const string TargetInstanceId = "targetInstanceId";
    public const string InstanceId = "instanceId";

    private const int MaxFailureDepth = 32;

    private static readonly FrozenDictionary<string, HistoryEventType> TypesByName =
        Enum.GetValues<HistoryEventType>().ToFrozenDictionary(t => t.ToString(), StringComparer.Ordinal);

    public static BsonDocument ToBson(HistoryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var d = new BsonDocument { { Type, e.EventType.ToString() } };
        AddTime(d, Timestamp, e.Timestamp);
        AddString(d, MessageId, e.MessageId);
        switch (e)
        {
            case ScheduledActionEvent action:
                d.Add(TaskId, action.TaskId);
                AddString(d, Source, action.Source);
                break;
            case ActionResultEvent result:
                d.Add(TaskId, result.TaskId);
                break;
        }

        switch (e)
        {
            case ExecutionStartedEvent x:
                d.Add(Name, x.Name);
                AddString(d, Version, x.Version);
                d.Add(ExecutionId, x.ExecutionId);
                AddBytes(d, Input, x.Input);
                if (x.Parent is { } parent)
                {
                    d.Add(Parent, new BsonDocument
                    {
                        { InstanceId, parent.InstanceId },
                        { ExecutionId, parent.ExecutionId },
                        { TaskId, parent.TaskId },
                        { Name, parent.Name },
                    });
                }

                if (x.Generation != 0)
                {
                    d.Add(Generation, x.Generation);
                }

                AddString(d, TraceParent, x.TraceParent);

                break;
            case ExecutionCompletedEvent x:
                AddBytes(d, Result, x.Result);
                break;
            case ExecutionFailedEvent x:
                d.Add(Failure, ToBson(x.FailureDetails));
                break;
            case ExecutionTerminatedEvent x:
                AddBytes(d, Reason, x.Reason);
                break;
            case ExecutionContinuedAsNewEvent x:
                AddBytes(d, Input, x.Input);
                d.Add(NewExecutionId, x.NewExecutionId);
                break;
            case ExecutionSuspendedEvent x:
                AddString(d, Reason, x.Reason);
                break;
            case ExecutionResumedEvent x:
                AddString(d, Reason, x.Reason);
                break;
            case OrchestratorStartedEvent or OrchestratorCompletedEvent:
                break;
            case TaskScheduledEvent x:
                d.Add(Name, x.Name);
                AddBytes(d, Input, x.Input);
                break;
            case TaskCompletedEvent x:
                AddBytes(d, Result, x.Result);
                break;
            case TaskFailedEvent x:
                d.Add(Failure, ToBson(x.FailureDetails));
                break;
            case TimerCreatedEvent x:
                AddTime(d, FireAt, x.FireAt);
                break;
            case TimerFiredEvent x:
                AddTime(d, FireAt, x.FireAt);
                break;
            case EventRaisedEvent x:
                d.Add(Name, x.Name);
                AddBytes(d, Input, x.Input);
                break;
            case EventSentEvent x:
                d.Add(TargetInstanceId, x.TargetInstanceId);
                d.Add(Name, x.Name);
                AddBytes(d, Input, x.Input);
                break;
            case SubOrchestrationInstanceCreatedEvent x:
                d.Add(Name, x.Name);
                AddString(d, Version, x.Version);
                d.Add(InstanceId, x.InstanceId);
                AddBytes(d, Input, x.Input);
                break;
            case SubOrchestrationInstanceCompletedEvent x:
                AddBytes(d, Result, x.Result);
                break;
            case SubOrchestrationInstanceFailedEvent x:
                d.Add(Failure, ToBson(x.FailureDetails));
                break;
            default:
                throw new NotSupportedException($"History event type {e.GetType().Name} has no BSON mapping.");
        }

        return d;
    }

    public static HistoryEvent FromBson(BsonDocument d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var typeName = GetString(d, Type);
        if (!TypesByName.TryGetValue(typeName, out var type))
        {
            throw new InvalidDataException($"Unknown history event type '{typeName}'.");
        }

        var timestamp = GetTime(d, Timestamp);
        var messageId = GetOptionalString(d, MessageId);
        HistoryEvent e = type switch
        {
            HistoryEventType.ExecutionStarted => new ExecutionStartedEvent
            {
                Name = GetString(d, Name),
                Version = GetOptionalString(d, Version),
                ExecutionId = GetString(d, ExecutionId),
                Input = GetOptionalBytes(d, Input),
                Parent = GetOptionalDocument(d, Parent) is { } parent
                    ? new ParentInstance(GetString(parent, InstanceId), GetString(parent, ExecutionId), GetInt32(parent, TaskId), GetString(parent, Name))
                    : null,
                Generation = GetOptionalInt32(d, Generation) ?? 0,
                TraceParent = GetOptionalString(d, TraceParent),
            },
            HistoryEventType.ExecutionCompleted => new ExecutionCompletedEvent { Result = GetOptionalBytes(d, Result) },
            HistoryEventType.ExecutionFailed => new ExecutionFailedEvent { FailureDetails = GetFailure(d) },
            HistoryEventType.ExecutionTerminated => new ExecutionTerminatedEvent { Reason = GetOptionalBytes(d, Reason) },
            HistoryEventType.ExecutionContinuedAsNew => new ExecutionContinuedAsNewEvent
            {
                Input = GetOptionalBytes(d, Input),
                NewExecutionId = GetString(d, NewExecutionId),
            },
            HistoryEventType.ExecutionSuspended => new ExecutionSuspendedEvent { Reason = GetOptionalString(d, Reason) },
            HistoryEventType.ExecutionResumed => new ExecutionResumedEvent { Reason = GetOptionalString(d, Reason) },
            HistoryEventType.OrchestratorStarted => new OrchestratorStartedEvent(),
            HistoryEventType.OrchestratorCompleted => new OrchestratorCompletedEvent(),
            HistoryEventType.TaskScheduled => new TaskScheduledEvent
            {
                TaskId = GetInt32(d, TaskId),
                Source = GetOptionalString(d, Source),
                Name = GetString(d, Name),
                Input = GetOptionalBytes(d, Input),
            },
            HistoryEventType.TaskCompleted => new TaskCompletedEvent { TaskId = GetInt32(d, TaskId), Result = GetOptionalBytes(d, Result) },
            HistoryEventType.TaskFailed => new TaskFailedEvent { TaskId = GetInt32(d, TaskId), FailureDetails = GetFailure(d) },
            HistoryEventType.TimerCreated => new TimerCreatedEvent
            {
                TaskId = GetInt32(d, TaskId),
                Source = GetOptionalString(d, Source),
                FireAt = GetTime(d, FireAt),
            },
            HistoryEventType.TimerFired => new TimerFiredEvent { TaskId = GetInt32(d, TaskId), FireAt = GetTime(d, FireAt) },
            HistoryEventType.EventRaised => new EventRaisedEvent { Name = GetString(d, Name), Input = GetOptionalBytes(d, Input) },
            HistoryEventType.EventSent => new EventSentEvent
            {
                TaskId = GetInt32(d, TaskId),
                Source = GetOptionalString(d, Source),
                TargetInstanceId = GetString(d, TargetInstanceId),
                Name = GetString(d, Name),
                Input = GetOptionalBytes(d, Input),
            },
            HistoryEventType.SubOrchestrationInstanceCreated => new SubOrchestrationInstanceCreatedEvent
            {
                TaskId = GetInt32(d, TaskId),
                Source = GetOptionalString(d, Source),
                Name = GetString(d, Name),
                Version = GetOptionalString(d, Version),
                InstanceId = GetString(d, InstanceId),
                Input = GetOptionalBytes(d, Input),
            },
            HistoryEventType.SubOrchestrationInstanceCompleted => new SubOrchestrationInstanceCompletedEvent
            {
                TaskId = GetInt32(d, TaskId),
                Result = GetOptionalBytes(d, Result),
            },
            HistoryEventType.SubOrchestrationInstanceFailed => new SubOrchestrationInstanceFailedEvent
            {
                TaskId = GetInt32(d, TaskId),
                FailureDetails = GetFailure(d),
            },
            _ => throw new InvalidDataException($"Unknown history event type '{typeName}'."),
        };
        return e with { Timestamp = timestamp, MessageId = messageId };
    }

    /// <summary><c>{ errorType, message, stackTrace?, nonRetriable?: true, inner?: { ... } }</c>.</summary>
    public static BsonDocument ToBson(FailureDetails failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var d = new BsonDocument
        {
            { "errorType", failure.ErrorType },
            { "message", failure.Message },
        };
        AddString(d, "stackTrace", failure.StackTrace);
        if (failure.IsNonRetriable)
        {
            d.Add("nonRetriable", true);
        }

        if (failure.InnerFailure is { } inner)
        {
            d.Add("inner", ToBson(inner));
        }

        return d;
    }

    public static FailureDetails FailureFromBson(BsonDocument d) => FailureFromBson(d, depth: 0);

    /// <summary><c>{ messageId, instanceId, executionId?, visibleAt?, traceParent?, event: { ... } }</c>.</summary>
    public static BsonDocument ToBson(WorkMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var d = new BsonDocument
        {
            { MessageId, message.MessageId },
            { InstanceId, message.InstanceId },
        };
        AddString(d, ExecutionId, message.ExecutionId);
        AddTime(d, "visibleAt", message.VisibleAtUtc);
        AddString(d, TraceParent, message.TraceParent);
        d.Add("event", ToBson(message.Event));
        return d;
    }

    public static WorkMessage MessageFromBson(BsonDocument d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new WorkMessage
        {
            MessageId = GetString(d, MessageId),
            InstanceId = GetString(d, InstanceId),
            ExecutionId = GetOptionalString(d, ExecutionId),
            VisibleAtUtc = GetOptionalTime(d, "visibleAt"),
            TraceParent = GetOptionalString(d, TraceParent),
            Event = FromBson(GetDocument(d, "event")),
        };
    }

    private static FailureDetails GetFailure(BsonDocument d) => FailureFromBson(GetDocument(d, Failure), depth: 0);

    private static FailureDetails FailureFromBson(BsonDocument d, int depth)
    {
        if (depth > MaxFailureDepth)
        {
            throw new InvalidDataException($"Failure details are nested deeper than {MaxFailureDepth} inner failures.");
        }

        var inner = GetOptionalDocument(d, "inner");
        return new FailureDetails(
            GetString(d, "errorType"),
            GetOptionalString(d, "message") ?? string.Empty,
            GetOptionalString(d, "stackTrace"),
            inner is null ? null : FailureFromBson(inner, depth + 1),
            GetOptionalBoolean(d, "nonRetriable"));
    }
}
