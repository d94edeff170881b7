using WorkflowSdk.Analyzers.CodeFixes;
using VerifyConfigureAwait = WorkflowSdk.Analyzers.Tests.Infrastructure.Verify<WorkflowSdk.Analyzers.Rules.ConfigureAwaitAnalyzer>;

namespace WorkflowSdk.Analyzers.Tests.Rules;

public class ConfigureAwaitTests
{
    [Fact]
    public Task ConfigureAwait_FalseOrNoCapturedContext_Triggers() => VerifyConfigureAwait.AnalyzerAsync("""
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Approval
        {
            [Orchestration]
            public static async Task<bool> RunAsync(OrchestrationContext context)
            {
                await {|WF0006:context.CallActivityAsync("Notify").ConfigureAwait(false)|};
                await {|WF0006:context.CallActivityAsync("Notify").ConfigureAwait(ConfigureAwaitOptions.None)|};
                return await {|WF0006:context.WaitForExternalEvent<bool>("Approved").ConfigureAwait(continueOnCapturedContext: false)|};
            }
        }
        """);

    [Fact]
    public Task ConfigureAwait_TrueActivityAndLibraryCode_DoNotTrigger() => VerifyConfigureAwait.AnalyzerAsync("""
        using System.IO;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Approval
        {
            [Orchestration]
            public static async Task<bool> RunAsync(OrchestrationContext context)
            {
                await context.CallActivityAsync("Notify").ConfigureAwait(true);
                await context.CallActivityAsync("Notify").ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
                return await context.WaitForExternalEvent<bool>("Approved");
            }

            [Activity]
            public static async Task NotifyAsync(ActivityContext context) => await Task.Yield();

            public static async Task<string> LibraryAsync(TextReader reader) => await reader.ReadToEndAsync().ConfigureAwait(false);
        }
        """);

    [Fact]
    public Task ConfigureAwait_False_RemovedEverywhere() => VerifyConfigureAwait.CodeFixAsync<ConfigureAwaitCodeFixProvider>(
        """
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Approval
        {
            [Orchestration]
            public static async Task<bool> RunAsync(OrchestrationContext context)
            {
                await {|WF0006:context.CallActivityAsync("Notify").ConfigureAwait(false)|};
                var approved = await {|WF0006:context.WaitForExternalEvent<bool>("Approved")
                    .ConfigureAwait(false)|};
                return approved;
            }
        }
        """,
        """
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Approval
        {
            [Orchestration]
            public static async Task<bool> RunAsync(OrchestrationContext context)
            {
                await context.CallActivityAsync("Notify");
                var approved = await context.WaitForExternalEvent<bool>("Approved");
                return approved;
            }
        }
        """);

    [Fact]
    public Task ConfigureAwait_InHelper_TriggersAtCallSite() => VerifyConfigureAwait.AnalyzerAsync(
        """
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Approval
        {
            [Orchestration]
            public static Task RunAsync(OrchestrationContext context) => {|#0:Steps.NotifyAsync(context.CallActivityAsync("Notify"))|};
        }

        public static class Steps
        {
            public static async Task NotifyAsync(Task notify) => await {|#1:notify.ConfigureAwait(false)|};
        }
        """,
        VerifyConfigureAwait.Diagnostic().WithLocation(0).WithArguments("'Steps.NotifyAsync'", "uses ConfigureAwait(false), which resumes outside the orchestration's scheduler", " (via Steps.NotifyAsync)"),
        VerifyConfigureAwait.Diagnostic().WithLocation(1).WithArguments("Orchestration code", "uses ConfigureAwait(false), which resumes outside the orchestration's scheduler", " (reached from orchestration 'Approval.RunAsync' via Approval.RunAsync → Steps.NotifyAsync)"));
}
