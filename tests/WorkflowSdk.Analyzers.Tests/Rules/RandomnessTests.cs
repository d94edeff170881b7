using WorkflowSdk.Analyzers.CodeFixes;
using VerifyRandom = WorkflowSdk.Analyzers.Tests.Infrastructure.Verify<WorkflowSdk.Analyzers.Rules.RandomnessAnalyzer>;

namespace WorkflowSdk.Analyzers.Tests.Rules;

public class RandomnessTests
{
    [Fact]
    public Task Randomness_GuidsAndRandomInOrchestration_Trigger() => VerifyRandom.AnalyzerAsync("""
        using System;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Lottery
        {
            [Orchestration]
            public static Task<string> RunAsync(OrchestrationContext context)
            {
                var id = {|WF0002:Guid.NewGuid()|};
                var v7 = {|WF0002:Guid.CreateVersion7()|};
                var dice = {|WF0002:new Random()|}.Next(6);
                var shared = {|WF0002:Random.Shared|}.Next(6);
                var secure = {|WF0002:RandomNumberGenerator.GetInt32(6)|};
                return Task.FromResult($"{id}{v7}{dice}{shared}{secure}");
            }
        }
        """);

    [Fact]
    public Task Randomness_ContextGuidSeededRandomNameofAndActivity_DoNotTrigger() => VerifyRandom.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Lottery
        {
            [Orchestration]
            public static Task<string> RunAsync(OrchestrationContext context, int seed)
            {
                var id = context.NewGuid();
                var dice = new Random(seed).Next(6); // seeded from the input: same sequence on every replay
                var name = nameof(Guid.NewGuid);
                return Task.FromResult($"{id}{dice}{name}");
            }

            [Activity]
            public static Guid NewId() => Guid.NewGuid();

            public static Guid NotCalled() => Guid.NewGuid();
        }
        """);

    [Fact]
    public Task Randomness_HelperCalledFromOrchestration_TriggersAtCallSiteAndInHelper() => VerifyRandom.AnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Orders
        {
            [Orchestration]
            public static Task<string> RunAsync(OrchestrationContext context) => Task.FromResult({|#0:Ids.Next()|});
        }

        public static class Ids
        {
            public static string Next() => "order-" + {|#1:Guid.NewGuid()|};
        }
        """,
        VerifyRandom.Diagnostic().WithLocation(0).WithArguments("'Ids.Next'", "calls Guid.NewGuid(), which returns a different value on every replay", " (via Ids.Next)"),
        VerifyRandom.Diagnostic().WithLocation(1).WithArguments("Orchestration code", "calls Guid.NewGuid(), which returns a different value on every replay", " (reached from orchestration 'Orders.RunAsync' via Orders.RunAsync → Ids.Next)"));

    [Fact]
    public Task Randomness_NewGuid_FixedToContextNewGuidEverywhere() => VerifyRandom.CodeFixAsync<RandomnessCodeFixProvider>(
        """
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Orders
        {
            [Orchestration]
            public static Task<Guid[]> RunAsync(OrchestrationContext orchestration) =>
                Task.FromResult(new[] { {|WF0002:Guid.NewGuid()|}, {|WF0002:Guid.NewGuid()|}, {|WF0002:Guid.CreateVersion7()|} });
        }
        """,
        """
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Orders
        {
            [Orchestration]
            public static Task<Guid[]> RunAsync(OrchestrationContext orchestration) =>
                Task.FromResult(new[] { orchestration.NewGuid(), orchestration.NewGuid(), {|WF0002:Guid.CreateVersion7()|} });
        }
        """);
}
