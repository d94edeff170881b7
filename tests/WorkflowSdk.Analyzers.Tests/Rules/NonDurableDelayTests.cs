using WorkflowSdk.Analyzers.CodeFixes;
using VerifyDelay = WorkflowSdk.Analyzers.Tests.Infrastructure.Verify<WorkflowSdk.Analyzers.Rules.NonDurableDelayAnalyzer>;

namespace WorkflowSdk.Analyzers.Tests.Rules;

public class NonDurableDelayTests
{
    [Fact]
    public Task NonDurableDelay_DelaysTimersAndTimeouts_Trigger() => VerifyDelay.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Reminder
        {
            [Orchestration]
            public static async Task RunAsync(OrchestrationContext context)
            {
                {|WF0003:Thread.Sleep(1000)|};
                await {|WF0003:Task.Delay(TimeSpan.FromMinutes(5))|};
                {|WF0003:SpinWait.SpinUntil(() => false, 100)|};
                using var timer = {|WF0003:new Timer(_ => { }, null, 0, 1000)|};
                using var periodic = {|WF0003:new PeriodicTimer(TimeSpan.FromSeconds(1))|};
                await {|WF0003:context.CallActivityAsync("Ping").WaitAsync(TimeSpan.FromSeconds(30))|};
                using var cts = {|WF0003:new CancellationTokenSource(TimeSpan.FromSeconds(30))|};
                {|WF0003:cts.CancelAfter(1000)|};
            }
        }
        """);

    [Fact]
    public Task NonDurableDelay_DurableTimersTokensAndActivities_DoNotTrigger() => VerifyDelay.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Reminder
        {
            [Orchestration]
            public static async Task RunAsync(OrchestrationContext context)
            {
                using var cts = new CancellationTokenSource();
                var timer = context.CreateTimer(TimeSpan.FromHours(1), cts.Token);
                var reply = context.WaitForExternalEvent<string>("Reply");
                if (await Task.WhenAny(timer, reply) == reply)
                {
                    cts.Cancel();
                }

                await context.CallActivityAsync("Ping").WaitAsync(cts.Token);
            }

            [Activity]
            public static async Task PingAsync()
            {
                await Task.Delay(100);
                Thread.Sleep(10);
            }
        }
        """);

    [Fact]
    public Task NonDurableDelay_DelayInHelperThreeCallsDeep_Triggers() => VerifyDelay.AnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Reminder
        {
            [Orchestration]
            public static Task RunAsync(OrchestrationContext context) => {|#0:Backoff.WaitAsync(3)|};
        }

        public static class Backoff
        {
            public static Task WaitAsync(int attempt) => {|#1:Pause(attempt)|};

            private static Task Pause(int attempt) => {|#2:Sleep(TimeSpan.FromSeconds(attempt))|};

            private static Task Sleep(TimeSpan delay) => {|#3:Task.Delay(delay)|};
        }
        """,
        VerifyDelay.Diagnostic().WithLocation(0).WithArguments("'Backoff.WaitAsync'", "calls Task.Delay, which is not durable and does not survive a restart", " (via Backoff.WaitAsync → Backoff.Pause → Backoff.Sleep)"),
        VerifyDelay.Diagnostic().WithLocation(1).WithArguments("'Backoff.Pause'", "calls Task.Delay, which is not durable and does not survive a restart", " (via Backoff.Pause → Backoff.Sleep)"),
        VerifyDelay.Diagnostic().WithLocation(2).WithArguments("'Backoff.Sleep'", "calls Task.Delay, which is not durable and does not survive a restart", " (via Backoff.Sleep)"),
        VerifyDelay.Diagnostic().WithLocation(3).WithArguments("Orchestration code", "calls Task.Delay, which is not durable and does not survive a restart", " (reached from orchestration 'Reminder.RunAsync' via Reminder.RunAsync → Backoff.WaitAsync → Backoff.Pause → Backoff.Sleep)"));

    [Fact]
    public Task NonDurableDelay_DelayAndSleep_FixedToCreateTimer() => VerifyDelay.CodeFixAsync<CodeFixes.NonDurableDelayCodeFixProvider>(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Reminder
        {
            [Orchestration]
            public static async Task RunAsync(OrchestrationContext context, CancellationToken token)
            {
                await {|WF0003:Task.Delay(TimeSpan.FromMinutes(5))|};
                await {|WF0003:Task.Delay(500)|};
                await {|WF0003:Task.Delay(TimeSpan.FromSeconds(1), token)|};
                var pending = {|WF0003:Task.Delay(250)|};
                {|WF0003:Thread.Sleep(1000)|};
                {|WF0003:Thread.Sleep(TimeSpan.FromSeconds(2))|};
                await pending;
            }
        }
        """,
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Reminder
        {
            [Orchestration]
            public static async Task RunAsync(OrchestrationContext context, CancellationToken token)
            {
                await context.CreateTimer(TimeSpan.FromMinutes(5));
                await context.CreateTimer(TimeSpan.FromMilliseconds(500));
                await context.CreateTimer(TimeSpan.FromSeconds(1), token);
                var pending = context.CreateTimer(TimeSpan.FromMilliseconds(250));
                await context.CreateTimer(TimeSpan.FromMilliseconds(1000));
                await context.CreateTimer(TimeSpan.FromSeconds(2));
                await pending;
            }
        }
        """);

    [Fact]
    public Task NonDurableDelay_SleepInSyncCodeAndInfiniteDelay_OfferNoFix() => VerifyDelay.CodeFixAsync<CodeFixes.NonDurableDelayCodeFixProvider>(
        """
        using System.Threading;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Reminder
        {
            [Orchestration]
            public static Task RunAsync(OrchestrationContext context)
            {
                {|WF0003:Thread.Sleep(1000)|};
                return {|WF0003:Task.Delay(Timeout.Infinite)|};
            }
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Reminder
        {
            [Orchestration]
            public static Task RunAsync(OrchestrationContext context)
            {
                {|WF0003:Thread.Sleep(1000)|};
                return {|WF0003:Task.Delay(Timeout.Infinite)|};
            }
        }
        """);
}
