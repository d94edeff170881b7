using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.Serialization;

namespace WorkflowSdk;

/// <summary>What a client sees of an orchestration instance: its status, payloads and (on request) history.</summary>
public sealed class OrchestrationStatus
{
    private readonly PayloadCodec _codec;

    internal OrchestrationStatus(InstanceRecord record, IReadOnlyList<HistoryEvent>? history, PayloadCodec codec)
    {
        Record = record;
        History = history;
        _codec = codec;
    }

    /// <summary>The stored record.</summary>
    public InstanceRecord Record { get; }

    /// <summary>The instance id.</summary>
    public string InstanceId => Record.InstanceId;

    /// <summary>The orchestration's name.</summary>
    public string Name => Record.Name;

    /// <summary>The orchestration's version, when versioned.</summary>
    public string? Version => Record.Version;

    /// <summary>The current execution's id.</summary>
    public string ExecutionId => Record.ExecutionId;

    /// <summary>The status.</summary>
    public OrchestrationRuntimeStatus RuntimeStatus => Record.Status;

    /// <summary>When the current execution was created (UTC).</summary>
    public DateTime CreatedAt => Record.CreatedAt;

    /// <summary>When the instance last changed (UTC).</summary>
    public DateTime LastUpdatedAt => Record.LastUpdatedAt;

    /// <summary>When the instance finished (UTC), if it has.</summary>
    public DateTime? CompletedAt => Record.CompletedAt;

    /// <summary>The failure, when <see cref="RuntimeStatus"/> is <see cref="OrchestrationRuntimeStatus.Failed"/>.</summary>
    public FailureDetails? FailureDetails => Record.Failure;

    /// <summary>The parent instance id, for sub-orchestrations.</summary>
    public string? ParentInstanceId => Record.ParentInstanceId;

    /// <summary>The history of the current execution, when it was asked for.</summary>
    public IReadOnlyList<HistoryEvent>? History { get; }

    /// <summary>Whether the instance has finished (completed, failed or terminated).</summary>
    public bool IsFinished => RuntimeStatus.IsFinished();

    /// <summary>Reads the input.</summary>
    /// <typeparam name="T">The input type.</typeparam>
    /// <returns>The input, or <c>default</c> when there is none.</returns>
    public T ReadInputAs<T>() => _codec.Decode<T>(Record.Input, $"input of instance '{InstanceId}'");

    /// <summary>Reads the output: the return value, or for a terminated instance the termination reason.</summary>
    /// <typeparam name="T">The output type.</typeparam>
    /// <returns>The output, or <c>default</c> when there is none.</returns>
    public T ReadOutputAs<T>() => _codec.Decode<T>(Record.Output, $"output of instance '{InstanceId}'");

    /// <summary>Reads the custom status set with <see cref="OrchestrationContext.SetCustomStatus"/>.</summary>
    /// <typeparam name="T">The status type.</typeparam>
    /// <returns>The custom status, or <c>default</c> when there is none.</returns>
    public T ReadCustomStatusAs<T>() => _codec.Decode<T>(Record.CustomStatus, $"custom status of instance '{InstanceId}'");

    /// <summary>The history as indented JSON for people (payloads rendered as JSON); empty array when not loaded.</summary>
    /// <returns>JSON text.</returns>
    public string HistoryToJson() => HistoryJson.Write(History ?? [], _codec);

    /// <summary>The history as a timeline people can read (see <see cref="HistoryTimeline"/>); empty when not loaded.</summary>
    /// <returns>The rows.</returns>
    public IReadOnlyList<TimelineRow> Timeline() => HistoryTimeline.Build(History ?? [], _codec);

    /// <summary>Renders a payload of this instance (or of its history) as JSON, using the client's serializer.</summary>
    /// <param name="payload">The bytes; <see langword="null"/> renders <c>null</c>.</param>
    /// <returns>JSON text; unreadable payloads are described, not thrown.</returns>
    public string PayloadToJson(byte[]? payload) => _codec.ToJson(payload);

    /// <summary>A one-line summary.</summary>
    /// <returns>The instance id, name and status.</returns>
    public override string ToString() => $"{InstanceId} ({Name}{(Version is null ? "" : "@" + Version)}): {RuntimeStatus}";
}
