using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;

namespace WorkflowSdk.Benchmarks.Runtime;

/// <summary>In-process jobs (the machine is small and shared) with the median and a per-event column.</summary>
internal sealed class RuntimeBenchmarkConfig : ManualConfig
{
    public RuntimeBenchmarkConfig()
    {
        AddJob(Job.Default.WithToolchain(InProcessNoEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(15));
        AddColumn(StatisticColumn.Median, new PerEventColumn());
    }

    /// <summary>The median divided by the benchmark's <c>Events</c> parameter: the cost per history event.</summary>
    private sealed class PerEventColumn : IColumn
    {
        public string Id => nameof(PerEventColumn);

        public string ColumnName => "Median/event";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Time;

        public string Legend => "Median time divided by the number of history events";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var events = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Events")?.Value as int?;
            var median = summary[benchmarkCase]?.ResultStatistics?.Median;
            return events is > 0 && median is { } ns ? $"{ns / events.Value:N1} ns" : "-";
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
