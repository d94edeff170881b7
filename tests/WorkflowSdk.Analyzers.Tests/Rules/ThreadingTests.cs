using VerifyThreading = WorkflowSdk.Analyzers.Tests.Infrastructure.Verify<WorkflowSdk.Analyzers.Rules.ThreadingAnalyzer>;

namespace WorkflowSdk.Analyzers.Tests.Rules;

public class ThreadingTests
{
    [Fact]
    public Task Threading_OtherSchedulers_Trigger() => VerifyThreading.AnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Video
        {
            [Orchestration]
            public static async Task RunAsync(OrchestrationContext context, int[] parts)
            {
                await {|WF0005:Task.Run(() => 1)|};
                await {|WF0005:Task.Factory.StartNew(() => 2)|};
                {|WF0005:new Thread(() => { })|}.Start();
                {|WF0005:ThreadPool.QueueUserWorkItem(_ => { })|};
                {|WF0005:Parallel.For(0, parts.Length, i => { })|};
                await {|WF0005:Parallel.ForEachAsync(parts, (p, ct) => ValueTask.CompletedTask)|};
                var task = new Task(() => { });
                {|WF0005:task.Start()|};
                while (parts.Length > 0)
                {
                    await {|WF0005:Task.Yield()|};
                }
            }
        }
        """);

    [Fact]
    public Task Threading_FanOutOverContextTasksYieldOutsideLoopAndActivity_DoNotTrigger() => VerifyThreading.AnalyzerAsync("""
        using System.Linq;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Video
        {
            [Orchestration]
            public static async Task<int> RunAsync(OrchestrationContext context, int[] parts)
            {
                await Task.Yield();
                var encoded = await Task.WhenAll(parts.Select(p => context.CallActivityAsync<int>("Encode", p)));
                return encoded.Sum();
            }

            [Activity]
            public static Task<int> EncodeAsync(int part) => Task.Run(() => part * 2);
        }
        """);

    [Fact]
    public Task Threading_TaskRunInHelper_TriggersAtCallSite() => VerifyThreading.AnalyzerAsync(
        """
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Video
        {
            [Orchestration]
            public static Task<int> RunAsync(OrchestrationContext context) => {|#0:Work.InBackground()|};
        }

        public static class Work
        {
            public static Task<int> InBackground() => {|#1:Task.Run(() => 42)|};
        }
        """,
        VerifyThreading.Diagnostic().WithLocation(0).WithArguments("'Work.InBackground'", "calls Task.Run, which runs code on the thread pool outside the orchestration's scheduler", " (via Work.InBackground)"),
        VerifyThreading.Diagnostic().WithLocation(1).WithArguments("Orchestration code", "calls Task.Run, which runs code on the thread pool outside the orchestration's scheduler", " (reached from orchestration 'Video.RunAsync' via Video.RunAsync → Work.InBackground)"));
}
