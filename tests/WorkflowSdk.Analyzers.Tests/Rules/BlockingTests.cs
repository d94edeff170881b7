using VerifyBlocking = WorkflowSdk.Analyzers.Tests.Infrastructure.Verify<WorkflowSdk.Analyzers.Rules.BlockingAnalyzer>;

namespace WorkflowSdk.Analyzers.Tests.Rules;

public class BlockingTests
{
    [Fact]
    public Task Blocking_PendingTasksLocksAndSemaphores_Trigger() => VerifyBlocking.AnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Inventory
        {
            private readonly object _gate = new();
            private readonly SemaphoreSlim _semaphore = new(1);

            [Orchestration]
            public async Task<int> RunAsync(OrchestrationContext context)
            {
                var direct = {|WF0007:context.CallActivityAsync<int>("Count").Result|};
                var pending = context.CallActivityAsync<int>("Count");
                {|WF0007:pending.Wait()|};
                var other = context.CallActivityAsync<int>("Count");
                var value = {|WF0007:other.GetAwaiter().GetResult()|};
                var a = context.CallActivityAsync("A");
                var b = context.CallActivityAsync("B");
                {|WF0007:Task.WaitAll(a, b)|};
                {|WF0007:lock (_gate)
                {
                    direct++;
                }|}

                {|WF0007:_semaphore.Wait()|};
                await {|WF0007:_semaphore.WaitAsync()|};
                return direct + value;
            }
        }
        """);

    [Fact]
    public Task Blocking_ResultsOfCompletedTasks_DoNotTrigger() => VerifyBlocking.AnalyzerAsync("""
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Inventory
        {
            [Orchestration]
            public static async Task<int> RunAsync(OrchestrationContext context, string[] items)
            {
                var work = context.CallActivityAsync<int>("Count");
                var timeout = context.CreateTimer(System.TimeSpan.FromMinutes(1));
                var winner = await Task.WhenAny(work, timeout);
                var counted = winner == work ? work.Result : 0;

                var tasks = items.Select(i => context.CallActivityAsync<int>("Count", i)).ToList();
                await Task.WhenAll(tasks);
                var total = tasks.Sum(t => t.Result);

                var single = context.CallActivityAsync<int>("Count");
                await single;
                return counted + total + single.Result + Task.FromResult(1).Result;
            }

            [Activity]
            public static int Count(string item)
            {
                lock (items) { return Task.Run(() => 1).Result; }
            }

            private static readonly object items = new();
        }
        """);

    [Fact]
    public Task Blocking_HelperBlockingOnTask_TriggersAtCallSite() => VerifyBlocking.AnalyzerAsync(
        """
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Inventory
        {
            [Orchestration]
            public static Task<int> RunAsync(OrchestrationContext context) => Task.FromResult({|#0:Sync.Wait(context.CallActivityAsync<int>("Count"))|});
        }

        public static class Sync
        {
            public static int Wait(Task<int> task) => {|#1:task.ContinueWith(t => t.Result).Result|};
        }
        """,
        VerifyBlocking.Diagnostic().WithLocation(0).WithArguments("'Sync.Wait'", "blocks on Task.Result of a task that has not completed, which deadlocks or blocks the worker", " (via Sync.Wait)"),
        VerifyBlocking.Diagnostic().WithLocation(1).WithArguments("Orchestration code", "blocks on Task.Result of a task that has not completed, which deadlocks or blocks the worker", " (reached from orchestration 'Inventory.RunAsync' via Inventory.RunAsync → Sync.Wait)"));
}
