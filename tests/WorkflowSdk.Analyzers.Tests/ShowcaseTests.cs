using Microsoft.CodeAnalysis;
using WorkflowSdk.Analyzers.Tests.Infrastructure;

namespace WorkflowSdk.Analyzers.Tests;

/// <summary>The sample files under Samples/ run through every analyzer, as a build would.</summary>
public class ShowcaseTests
{
    [Fact]
    public async Task ViolationsShowcase_AllAnalyzers_ReportExactlyTheKnownSet()
    {
        var compilation = AnalyzerRunner.Compile(new[] { ("ViolationsShowcase.cs", AnalyzerRunner.ReadSample("ViolationsShowcase.cs")) });
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var (diagnostics, crashes) = await AnalyzerRunner.RunAsync(compilation);

        Assert.Empty(crashes);
        Assert.Equal(
            new[]
            {
                "WF0001 27:23 DateTime.Now",
                "WF0002 28:25 Guid.NewGuid()",
                "WF0013 29:9 logger.LogInformation(\"Booking {Id} for {Customer}\", bookingId, customer)",
                "WF0003 31:15 Task.Delay(TimeSpan.FromSeconds(5))",
                "WF0006 31:15 Task.Delay(TimeSpan.FromSeconds(5)).ConfigureAwait(false)",
                "WF0008 32:27 http.GetStringAsync(\"https://quotes.invalid/\" + customer)",
                "WF0012 33:22 configuration[\"Region\"]",
                "WF0009 34:20 await _inbox.Reader.ReadAsync()",
                "WF0011 35:21 customer.GetHashCode()",
                "WF0010 36:9 s_bookings",
                "WF0005 39:21 Task.Run(() => \"hotel\")",
                "WF0007 40:9 lock (_gate)",
                "WF0013 42:13 Console.WriteLine(\"booking \" + flight.Result)",
                "WF0007 42:44 flight.Result",
                "WF0004 51:13 await context.CallActivityAsync(\"CancelFlight\", customer)",
                "WF0011 55:30 seats",
                "WF0014 60:9 Notify(customer)",
                "WF0001 61:21 Receipts.Stamp()",
                "WF0008 61:21 Receipts.Stamp()",
                "WF0012 62:76 TimeZoneInfo.Local",
                "WF0012 62:99 CultureInfo.CurrentCulture",
                "WF0008 79:37 Format(Stopwatch.GetTimestamp())",
                "WF0001 79:44 Stopwatch.GetTimestamp()",
                "WF0008 81:57 Environment.MachineName",
            },
            diagnostics.Select(AnalyzerRunner.Describe));
    }

    [Fact]
    public async Task WellBehavedOrchestrations_AllAnalyzers_ReportNothing()
    {
        var compilation = AnalyzerRunner.Compile(new[] { ("WellBehavedOrchestrations.cs", AnalyzerRunner.ReadSample("WellBehavedOrchestrations.cs")) });
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var (diagnostics, crashes) = await AnalyzerRunner.RunAsync(compilation);

        Assert.Empty(crashes);
        Assert.Empty(diagnostics.Select(AnalyzerRunner.Describe));
    }
}
