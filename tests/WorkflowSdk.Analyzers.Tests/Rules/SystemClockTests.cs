using WorkflowSdk.Analyzers.CodeFixes;
using WorkflowSdk.Analyzers.Rules;
using WorkflowSdk.Analyzers.Tests.Infrastructure;
using VerifyClock = WorkflowSdk.Analyzers.Tests.Infrastructure.Verify<WorkflowSdk.Analyzers.Rules.SystemClockAnalyzer>;

namespace WorkflowSdk.Analyzers.Tests.Rules;

/// <summary>WF0001, and the shared machinery every rule relies on (roots, transitive calls, exemptions).</summary>
public class SystemClockTests
{
    private const string NowMessage = "reads DateTime.Now, the worker's local time, which differs on every replay";

    [Fact]
    public Task SystemClock_ClockReadsInOrchestration_Trigger() => VerifyClock.AnalyzerAsync("""
        using System;
        using System.Diagnostics;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Billing
        {
            [Orchestration]
            public async Task<string> RunAsync(OrchestrationContext context, int input)
            {
                var a = {|WF0001:DateTime.Now|};
                var b = {|WF0001:DateTime.UtcNow|};
                var c = {|WF0001:DateTime.Today|};
                var d = {|WF0001:DateTimeOffset.UtcNow|};
                var e = {|WF0001:DateTimeOffset.Now|};
                var f = {|WF0001:Environment.TickCount64|};
                var g = {|WF0001:Stopwatch.StartNew()|};
                var h = {|WF0001:TimeProvider.System|}.GetUtcNow();
                var i = {|WF0001:new Stopwatch()|};
                var j = {|WF0001:Stopwatch.GetTimestamp()|};
                await context.CallActivityAsync("Charge", input);
                return $"{a}{b}{c}{d}{e}{f}{g}{h}{i}{j}";
            }
        }
        """);

    [Fact]
    public Task SystemClock_InjectedTimeProviderCalls_Trigger() => VerifyClock.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Billing(TimeProvider clock)
        {
            [Orchestration]
            public Task<DateTimeOffset> RunAsync(OrchestrationContext context) => Task.FromResult({|WF0001:clock.GetUtcNow()|});
        }
        """);

    [Fact]
    public Task SystemClock_ContextParameterWithoutAttribute_Triggers() => VerifyClock.AnalyzerAsync("""
        using System;
        using WorkflowSdk;

        public static class Helpers
        {
            public static DateTime Deadline(OrchestrationContext context) => {|WF0001:DateTime.UtcNow|}.AddDays(1);
        }
        """);

    [Fact]
    public Task SystemClock_LambdaTakingContext_Triggers() => VerifyClock.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Program
        {
            public static void Register(WorkflowRegistry registry)
            {
                var started = DateTime.UtcNow; // startup code: not orchestration code
                registry.AddOrchestration<int, string>("Stamp", (context, input) => Task.FromResult({|WF0001:DateTime.UtcNow|}.ToString("O")));
                registry.AddActivity<int, string>("Now", input => Task.FromResult(DateTime.UtcNow.ToString("O") + started));
            }
        }
        """);

    [Fact]
    public Task SystemClock_ContextTimeNameofActivityAndUnusedHelper_DoNotTrigger() => VerifyClock.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Billing
        {
            [Orchestration]
            public async Task<string> RunAsync(OrchestrationContext context)
            {
                var now = context.CurrentUtcDateTime;
                var name = nameof(DateTime.Now);
                await context.CallActivityAsync("Stamp");
                return name + now;
            }

            [Activity]
            public Task<DateTime> StampAsync() => Task.FromResult(DateTime.UtcNow);

            public Task<DateTime> StampWithContextAsync(ActivityContext context) => Task.FromResult(DateTime.Now);

            // Never called from an orchestration.
            public static DateTime Unused() => DateTime.Now;
        }

        [Obsolete("Read DateTime.Now elsewhere")] // attributes are not code that runs
        public static class Startup
        {
            public static DateTime Started { get; } = DateTime.UtcNow;
        }
        """);

    [Fact]
    public Task SystemClock_HelperTwoCallsDeep_ReportedAtCallSiteWithPathAndInHelper() => VerifyClock.AnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Trip
        {
            [Orchestration]
            public Task<string> RunAsync(OrchestrationContext context) => Task.FromResult({|#0:Helper.Compute()|});
        }

        public static class Helper
        {
            public static string Compute() => {|#1:Clock.Stamp()|};
        }

        public static class Clock
        {
            public static string Stamp() => {|#2:DateTime.Now|}.ToString("O");
        }
        """,
        VerifyClock.Diagnostic().WithLocation(0).WithArguments("'Helper.Compute'", NowMessage, " (via Helper.Compute → Clock.Stamp)"),
        VerifyClock.Diagnostic().WithLocation(1).WithArguments("'Clock.Stamp'", NowMessage, " (via Clock.Stamp)"),
        VerifyClock.Diagnostic().WithLocation(2).WithArguments("Orchestration code", NowMessage, " (reached from orchestration 'Trip.RunAsync' via Trip.RunAsync → Helper.Compute → Clock.Stamp)"));

    [Fact]
    public Task SystemClock_ThreeCallsDeepThroughPropertyGetters_Triggers() => VerifyClock.AnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Trip
        {
            [Orchestration]
            public Task<int> RunAsync(OrchestrationContext context) => Task.FromResult({|#0:new Quote().Day|});
        }

        public class Quote
        {
            public int Day => {|#1:Calendar.Today|}.Day;
        }

        public static class Calendar
        {
            public static DateTime Today => {|#2:Clock.Read()|};
        }

        public static class Clock
        {
            public static DateTime Read() => {|#3:DateTime.UtcNow|};
        }
        """,
        VerifyClock.Diagnostic().WithLocation(0).WithArguments("'Quote.Day'", "reads DateTime.UtcNow, which differs on every replay", " (via Quote.Day → Calendar.Today → Clock.Read)"),
        VerifyClock.Diagnostic().WithLocation(1).WithArguments("'Calendar.Today'", "reads DateTime.UtcNow, which differs on every replay", " (via Calendar.Today → Clock.Read)"),
        VerifyClock.Diagnostic().WithLocation(2).WithArguments("'Clock.Read'", "reads DateTime.UtcNow, which differs on every replay", " (via Clock.Read)"),
        VerifyClock.Diagnostic().WithLocation(3).WithArguments("Orchestration code", "reads DateTime.UtcNow, which differs on every replay", " (reached from orchestration 'Trip.RunAsync' via Trip.RunAsync → Quote.Day → Calendar.Today → Clock.Read)"));

    [Fact]
    public Task SystemClock_ConstructorAndFieldInitializer_Trigger() => VerifyClock.AnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Trip
        {
            [Orchestration]
            public Task<string> RunAsync(OrchestrationContext context) => Task.FromResult({|#0:new Ticket()|}.ToString());
        }

        public class Ticket
        {
            private readonly DateTime _issued = {|#1:DateTime.UtcNow|};

            public override string ToString() => _issued.ToString("O");
        }
        """,
        VerifyClock.Diagnostic().WithLocation(0).WithArguments("'new Ticket()'", "reads DateTime.UtcNow, which differs on every replay", " (via new Ticket())"),
        VerifyClock.Diagnostic().WithLocation(1).WithArguments("Orchestration code", "reads DateTime.UtcNow, which differs on every replay", " (reached from orchestration 'Trip.RunAsync' via Trip.RunAsync → new Ticket())"));

    [Fact]
    public Task SystemClock_RecursiveHelpers_ReportOnceAndTerminate() => VerifyClock.AnalyzerAsync(
        """
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Countdown
        {
            [Orchestration]
            public Task<long> RunAsync(OrchestrationContext context, int n) => Task.FromResult({|#0:Ping(n)|});

            private static long Ping(int n) => n == 0 ? {|#1:DateTime.UtcNow|}.Ticks : {|#2:Pong(n - 1)|};

            private static long Pong(int n) => {|#3:Ping(n)|} + {|#4:Pong(0)|};
        }
        """,
        VerifyClock.Diagnostic().WithLocation(0).WithArguments("'Countdown.Ping'", "reads DateTime.UtcNow, which differs on every replay", " (via Countdown.Ping)"),
        VerifyClock.Diagnostic().WithLocation(1).WithArguments("Orchestration code", "reads DateTime.UtcNow, which differs on every replay", " (reached from orchestration 'Countdown.RunAsync' via Countdown.RunAsync → Countdown.Ping)"),
        VerifyClock.Diagnostic().WithLocation(2).WithArguments("'Countdown.Pong'", "reads DateTime.UtcNow, which differs on every replay", " (via Countdown.Pong → Countdown.Ping)"),
        VerifyClock.Diagnostic().WithLocation(3).WithArguments("'Countdown.Ping'", "reads DateTime.UtcNow, which differs on every replay", " (via Countdown.Ping)"),
        VerifyClock.Diagnostic().WithLocation(4).WithArguments("'Countdown.Pong'", "reads DateTime.UtcNow, which differs on every replay", " (via Countdown.Pong → Countdown.Ping)"));

    [Fact]
    public Task SystemClock_AcrossPartialClassesAndFiles_Triggers() => VerifyClock.AnalyzerAsync(
        new[]
        {
            """
            using System;
            using System.Threading.Tasks;
            using WorkflowSdk;

            public partial class Shipping
            {
                [Orchestration]
                public Task<string> RunAsync(OrchestrationContext context) => Task.FromResult({|#0:Label()|});
            }
            """,
            """
            using System;

            public partial class Shipping
            {
                private partial string Label();

                private partial string Label() => "sent " + {|#1:DateTimeOffset.UtcNow|};
            }
            """,
        },
        VerifyClock.Diagnostic().WithLocation(0).WithArguments("'Shipping.Label'", "reads DateTimeOffset.UtcNow, which differs on every replay", " (via Shipping.Label)"),
        VerifyClock.Diagnostic().WithLocation(1).WithArguments("Orchestration code", "reads DateTimeOffset.UtcNow, which differs on every replay", " (reached from orchestration 'Shipping.RunAsync' via Shipping.RunAsync → Shipping.Label)"));

    [Fact]
    public Task SystemClock_HelperCalledOnlyFromActivity_DoesNotTrigger() => VerifyClock.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Shipping
        {
            [Orchestration]
            public Task<string> RunAsync(OrchestrationContext context) => context.CallActivityAsync<string>("Label");

            [Activity]
            public string Label() => Format();

            // Only activities call it, so it is ordinary code.
            private static string Format() => DateTime.UtcNow.ToString("O");
        }
        """);

    [Fact]
    public Task SystemClock_GeneratedCode_DoesNotTrigger() => VerifyClock.AnalyzerAsync("""
        // <auto-generated/>
        using System;
        using WorkflowSdk;

        public static class GeneratedProxies
        {
            public static DateTime Stamp(this OrchestrationContext context) => DateTime.UtcNow;
        }
        """);

    [Fact]
    public Task SystemClock_BrokenCode_DoesNotCrash() => VerifyClock.BrokenCodeAsync("""
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Broken
        {
            [Orchestration]
            public async Task<string> RunAsync(OrchestrationContext context, Missing input)
            {
                var a = {|WF0001:DateTime.Now|}
                var b = Unknown.Call(DateTime.
                await context.CallActivityAsync<
                return Helper(;
            }

            private string Helper( => DateTime.UtcNow.ToString(;

            public void Half(OrchestrationContext
        """);

    [Fact]
    public Task SystemClock_NoWorkflowSdkReference_DoesNotTrigger()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<SystemClockAnalyzer, Microsoft.CodeAnalysis.Testing.DefaultVerifier>
        {
            TestCode = """
                using System;

                public class OrchestrationContext { }

                public static class Plain
                {
                    public static DateTime Now(OrchestrationContext context) => DateTime.Now;
                }
                """,
            ReferenceAssemblies = TestReferences.ReferenceAssemblies,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.Additional.Where(r => !r.Display!.EndsWith("WorkflowSdk.dll", StringComparison.Ordinal)));
        return test.RunAsync();
    }

    [Fact]
    public Task SystemClock_UtcNowNowTodayAndOffset_FixedToContextTime() => VerifyClock.CodeFixAsync<SystemClockCodeFixProvider>(
        """
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Billing
        {
            [Orchestration]
            public Task<string> RunAsync(OrchestrationContext ctx)
            {
                var a = {|WF0001:DateTime.UtcNow|};
                var b = {|WF0001:DateTime.Now|}.AddHours(1);
                var c = {|WF0001:DateTime.Today|};
                var d = {|WF0001:DateTimeOffset.UtcNow|};
                return Task.FromResult($"{a}{b}{c}{d}");
            }
        }
        """,
        """
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Billing
        {
            [Orchestration]
            public Task<string> RunAsync(OrchestrationContext ctx)
            {
                var a = ctx.CurrentUtcDateTime;
                var b = ctx.CurrentUtcDateTime.AddHours(1);
                var c = ctx.CurrentUtcDateTime.Date;
                var d = new DateTimeOffset(ctx.CurrentUtcDateTime, TimeSpan.Zero);
                return Task.FromResult($"{a}{b}{c}{d}");
            }
        }
        """);

    [Fact]
    public Task SystemClock_InLambdaInsideOrchestration_FixUsesOuterContext() => VerifyClock.CodeFixAsync<SystemClockCodeFixProvider>(
        """
        using System;
        using System.Linq;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Billing
        {
            [Orchestration]
            public Task<DateTime[]> RunAsync(OrchestrationContext context, int[] days) =>
                Task.FromResult(days.Select(d => {|WF0001:DateTime.UtcNow|}.AddDays(d)).ToArray());
        }
        """,
        """
        using System;
        using System.Linq;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Billing
        {
            [Orchestration]
            public Task<DateTime[]> RunAsync(OrchestrationContext context, int[] days) =>
                Task.FromResult(days.Select(d => context.CurrentUtcDateTime.AddDays(d)).ToArray());
        }
        """);

    [Fact]
    public Task SystemClock_HelperWithoutContext_OffersNoFix() => VerifyClock.CodeFixAsync<SystemClockCodeFixProvider>(
        """
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Billing
        {
            [Orchestration]
            public Task<DateTime> RunAsync(OrchestrationContext context) => Task.FromResult({|WF0001:Now()|});

            private static DateTime Now() => {|WF0001:DateTime.UtcNow|};
        }
        """,
        """
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Billing
        {
            [Orchestration]
            public Task<DateTime> RunAsync(OrchestrationContext context) => Task.FromResult({|WF0001:Now()|});

            private static DateTime Now() => {|WF0001:DateTime.UtcNow|};
        }
        """);

    [Fact]
    public Task SystemClock_ActivityCalledDirectlyFromOrchestration_ActivityBodyNotFlagged() => VerifyClock.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Billing
        {
            [Orchestration]
            public Task<string> RunAsync(OrchestrationContext context) => Task.FromResult(Stamp() + Describe(null!));

            [Activity]
            public static string Stamp() => DateTime.UtcNow.ToString("O");

            public static string Describe(ActivityContext activity) => DateTime.Now.ToString("O");
        }
        """);

    [Fact]
    public Task SystemClock_OrchestrationLambdaInTopLevelStatements_OnlyLambdaTriggers()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<SystemClockAnalyzer, Microsoft.CodeAnalysis.Testing.DefaultVerifier>
        {
            TestCode = """
                using System;
                using System.Threading.Tasks;
                using WorkflowSdk;

                var started = DateTime.UtcNow; // startup code
                var registry = new WorkflowRegistry();
                registry.AddOrchestration<int, string>("Stamp", (ctx, input) => Task.FromResult(Stamp.Now()));
                Console.WriteLine(started);

                static class Stamp
                {
                    public static string Now() => {|WF0001:DateTime.Now|}.ToString("O");
                }
                """,
            ReferenceAssemblies = TestReferences.ReferenceAssemblies,
        };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.TestState.AdditionalReferences.AddRange(TestReferences.Additional);
        test.ExpectedDiagnostics.Add(VerifyClock.Diagnostic().WithSpan(7, 81, 7, 92)
            .WithArguments("'Stamp.Now'", NowMessage, " (via Stamp.Now)"));
        return test.RunAsync();
    }
}
