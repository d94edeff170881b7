using VerifyAsyncVoid = WorkflowSdk.Analyzers.Tests.Infrastructure.Verify<WorkflowSdk.Analyzers.Rules.AsyncVoidAnalyzer>;

namespace WorkflowSdk.Analyzers.Tests.Rules;

public class AsyncVoidTests
{
    [Fact]
    public Task AsyncVoid_CalledLambdaAndDeclaredOrchestration_Trigger() => VerifyAsyncVoid.AnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Notify
        {
            [Orchestration]
            public async Task RunAsync(OrchestrationContext context, List<string> users)
            {
                {|WF0014:Fire(context)|};
                users.ForEach({|WF0014:async user => await context.CallActivityAsync("Email", user)|});
                await context.CallActivityAsync("Done");
            }

            // Takes a context, so it is an orchestration entry point of its own too.
            private static async void {|WF0014:Fire|}(OrchestrationContext context) => await context.CallActivityAsync("Fire");

            [Orchestration]
            public async void {|WF0014:Broken|}(OrchestrationContext context) => await context.CallActivityAsync("X");
        }
        """);

    [Fact]
    public Task AsyncVoid_AsyncTaskAndUnrelatedEventHandler_DoNotTrigger() => VerifyAsyncVoid.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Notify
        {
            [Orchestration]
            public async Task RunAsync(OrchestrationContext context)
            {
                await FireAsync(context);
            }

            private static Task FireAsync(OrchestrationContext context) => context.CallActivityAsync("Fire");

            // UI-style handler, never called from an orchestration.
            public async void OnClick(object sender, EventArgs e) => await Task.Yield();
        }
        """);

    [Fact]
    public Task AsyncVoid_HelperCallingAsyncVoid_TriggersAtCallSite() => VerifyAsyncVoid.AnalyzerAsync(
        """
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Notify
        {
            [Orchestration]
            public static Task RunAsync(OrchestrationContext context)
            {
                {|#0:Alerts.Raise()|};
                return Task.CompletedTask;
            }
        }

        public static class Alerts
        {
            public static void Raise() => {|#1:Send()|};

            private static async void Send() => await Task.Yield();
        }
        """,
        VerifyAsyncVoid.Diagnostic().WithLocation(0).WithArguments("'Alerts.Raise'", "calls async void 'Alerts.Send', which nobody can await", " (via Alerts.Raise)"),
        VerifyAsyncVoid.Diagnostic().WithLocation(1).WithArguments("Orchestration code", "calls async void 'Alerts.Send', which nobody can await", " (reached from orchestration 'Notify.RunAsync' via Notify.RunAsync → Alerts.Raise)"));
}
