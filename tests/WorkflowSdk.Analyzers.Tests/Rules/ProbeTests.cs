using WorkflowSdk.Analyzers.Rules;
using WorkflowSdk.Analyzers.Tests.Infrastructure;

namespace WorkflowSdk.Analyzers.Tests.Rules;

public class ProbeTests
{
    [Fact]
    public Task Probe() => Verify<SystemClockAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Trip
        {
            [Orchestration]
            public static Task<DateTime> RunAsync(OrchestrationContext context) => Task.FromResult({|WF0001:DateTime.Now|});
        }
        """);
}
