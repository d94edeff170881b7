using System.Globalization;
using System.Text;

namespace WorkflowSdk.Throughput;

/// <summary>The final Markdown table: one row per scenario (and metric), medians with min and max.</summary>
internal static class Report
{
    public static string Markdown(string backend, IReadOnlyList<RunResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {backend} ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd})");
        text.AppendLine();
        text.AppendLine("| scenario | measure | median | min | max | runs |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var scenario in results.GroupBy(r => r.Scenario))
        {
            var ok = scenario.Where(r => r.Ok).ToList();
            if (ok.Count == 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {scenario.Key} | failed: {scenario.First().Error} | | | | |");
                continue;
            }

            if (ok.Any(r => r.Seconds > 0))
            {
                Row(text, scenario.Key, "seconds", ok.Select(r => r.Seconds).ToList(), "F3");
            }

            foreach (var metric in ok.SelectMany(r => r.Metrics.Keys).Distinct())
            {
                Row(text, scenario.Key, metric, ok.Where(r => r.Metrics.ContainsKey(metric)).Select(r => r.Metrics[metric]).ToList(), "0.###");
            }

            Row(text, scenario.Key, "peak working set (MB)", ok.Select(r => r.PeakWorkingSetBytes / 1048576.0).ToList(), "F0");
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string scenario, string measure, List<double> values, string format)
    {
        values.Sort();
        var median = values[values.Count / 2];
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {scenario} | {measure} | {median.ToString(format, CultureInfo.InvariantCulture)} | {values[0].ToString(format, CultureInfo.InvariantCulture)} | {values[^1].ToString(format, CultureInfo.InvariantCulture)} | {values.Count} |");
    }
}
