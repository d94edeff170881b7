using VerifyStatic = WorkflowSdk.Analyzers.Tests.Infrastructure.Verify<WorkflowSdk.Analyzers.Rules.StaticMutableStateAnalyzer>;

namespace WorkflowSdk.Analyzers.Tests.Rules;

public class StaticMutableStateTests
{
    [Fact]
    public Task StaticMutableState_ReadsAndWrites_Trigger() => VerifyStatic.AnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Counters
        {
            public static int Total;
            public static string Mode { get; set; } = "fast";
        }

        public static class Tally
        {
            private static int s_runs;

            [Orchestration]
            public static Task<int> RunAsync(OrchestrationContext context)
            {
                {|WF0010:s_runs|}++;
                {|WF0010:Counters.Total|} = 5;
                {|WF0010:Counters.Mode|} = "slow";
                Interlocked.Increment(ref {|WF0010:Counters.Total|});
                return Task.FromResult({|WF0010:Counters.Total|} + {|WF0010:Counters.Mode|}.Length);
            }
        }
        """);

    [Fact]
    public Task StaticMutableState_ConstantsReadonlyInstanceAndActivity_DoNotTrigger() => VerifyStatic.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public enum Tier { Free, Paid }

        public class Tally
        {
            private const int Limit = 10;
            private static readonly TimeSpan s_wait = TimeSpan.FromMinutes(1);
            private int _instance;
            private static int s_calls;

            public static string Name { get; } = "tally";

            [Orchestration]
            public Task<int> RunAsync(OrchestrationContext context)
            {
                _instance++;
                var tier = Tier.Paid;
                return Task.FromResult(Limit + s_wait.Minutes + _instance + Name.Length + (int)tier + int.MaxValue);
            }

            [Activity]
            public int Count() => ++s_calls;
        }
        """);

    [Fact]
    public Task StaticMutableState_CacheInHelper_TriggersAtCallSite() => VerifyStatic.AnalyzerAsync(
        """
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Tally
        {
            [Orchestration]
            public static Task<int> RunAsync(OrchestrationContext context) => Task.FromResult({|#0:Cache.Next()|});
        }

        public static class Cache
        {
            private static int s_last;

            public static int Next() => ++{|#1:s_last|};
        }
        """,
        VerifyStatic.Diagnostic().WithLocation(0).WithArguments("'Cache.Next'", "writes static field 'Cache.s_last', which is shared by every instance on the worker and not recorded in history", " (via Cache.Next)"),
        VerifyStatic.Diagnostic().WithLocation(1).WithArguments("Orchestration code", "writes static field 'Cache.s_last', which is shared by every instance on the worker and not recorded in history", " (reached from orchestration 'Tally.RunAsync' via Tally.RunAsync → Cache.Next)"));
}
