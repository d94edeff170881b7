using VerifyHandler = WorkflowSdk.Analyzers.Tests.Infrastructure.Verify<WorkflowSdk.Analyzers.Rules.AwaitInCatchOrFinallyAnalyzer>;

namespace WorkflowSdk.Analyzers.Tests.Rules;

public class AwaitInCatchOrFinallyTests
{
    [Fact]
    public Task AwaitInCatchOrFinally_AwaitsInHandlers_Trigger() => VerifyHandler.AnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Payment
        {
            [Orchestration]
            public static async Task RunAsync(OrchestrationContext context, IAsyncEnumerable<int> items, IAsyncDisposable resource)
            {
                try
                {
                    await context.CallActivityAsync("Debit");
                }
                catch (TaskFailedException)
                {
                    {|WF0004:await context.CallActivityAsync("Refund")|};
                    {|WF0004:await using (resource)
                    {
                    }|}
                }
                finally
                {
                    {|WF0004:await context.CallActivityAsync("Release")|};
                    {|WF0004:await foreach (var item in items)
                    {
                    }|}
                }
            }
        }
        """);

    [Fact]
    public Task AwaitInCatchOrFinally_AwaitAfterTryAndLambdaInHandler_DoNotTrigger() => VerifyHandler.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Payment
        {
            [Orchestration]
            public static async Task RunAsync(OrchestrationContext context)
            {
                var failed = false;
                Func<Task>? compensation = null;
                try
                {
                    await context.CallActivityAsync("Debit");
                }
                catch (TaskFailedException)
                {
                    failed = true;
                    compensation = async () => await context.CallActivityAsync("Refund"); // runs after the try
                }

                if (failed && compensation is not null)
                {
                    await compensation();
                }
            }

            [Activity]
            public static async Task DebitAsync()
            {
                try { await Task.Yield(); }
                finally { await Task.Yield(); }
            }
        }
        """);

    [Fact]
    public Task AwaitInCatchOrFinally_HelperAwaitingInFinally_TriggersAtCallSite() => VerifyHandler.AnalyzerAsync(
        """
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Payment
        {
            [Orchestration]
            public static Task RunAsync(OrchestrationContext context) => {|#0:Steps.DebitAsync(context.CallActivityAsync("Debit"))|};
        }

        public static class Steps
        {
            public static async Task DebitAsync(Task debit)
            {
                try { await debit; }
                finally { {|#1:await debit|}; }
            }
        }
        """,
        VerifyHandler.Diagnostic().WithLocation(0).WithArguments("'Steps.DebitAsync'", "awaits inside a finally block, which may not replay the same way", " (via Steps.DebitAsync)"),
        VerifyHandler.Diagnostic().WithLocation(1).WithArguments("Orchestration code", "awaits inside a finally block, which may not replay the same way", " (reached from orchestration 'Payment.RunAsync' via Payment.RunAsync → Steps.DebitAsync)"));
}
