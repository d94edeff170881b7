using System.Globalization;
using System.Text.Json.Serialization;

namespace WorkflowSdk.Throughput;

/// <summary>One run of one scenario, as the child process reports it.</summary>
public sealed record RunResult
{
    public required string Scenario { get; init; }

    public required string Backend { get; init; }

    public bool Ok { get; init; } = true;

    public string? Error { get; init; }

    /// <summary>Seconds from the first start to the last completion.</summary>
    public double Seconds { get; init; }

    public long PeakWorkingSetBytes { get; init; }

    /// <summary>Scenario-specific numbers (steps per second, lateness percentiles, raw limits...).</summary>
    public Dictionary<string, double> Metrics { get; init; } = [];

    [JsonIgnore]
    public string Summary => string.Join(", ",
        new[] { Seconds > 0 ? string.Create(CultureInfo.InvariantCulture, $"{Seconds:F3} s") : null }
            .Concat(Metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:0.###}")))
            .Append(string.Create(CultureInfo.InvariantCulture, $"peak {PeakWorkingSetBytes / 1048576.0:F0} MB"))
            .Where(s => s is not null));

    public static RunResult Failed(string scenario, string backend, string error) =>
        new() { Scenario = scenario, Backend = backend, Ok = false, Error = error };
}

[JsonSerializable(typeof(RunResult))]
[JsonSourceGenerationOptions(WriteIndented = false)]
internal sealed partial class ResultJson : JsonSerializerContext;
