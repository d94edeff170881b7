using VerifyAwait = WorkflowSdk.Analyzers.Tests.Infrastructure.Verify<WorkflowSdk.Analyzers.Rules.NonContextAwaitAnalyzer>;

namespace WorkflowSdk.Analyzers.Tests.Rules;

public class NonContextAwaitTests
{
    [Fact]
    public Task NonContextAwait_LibraryTasks_Trigger() => VerifyAwait.AnalyzerAsync("""
        using System.IO;
        using System.Text.Json;
        using System.Threading.Channels;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Import
        {
            [Orchestration]
            public static async Task<int> RunAsync(OrchestrationContext context, Stream stream, Channel<int> channel)
            {
                var parsed = {|WF0009:await JsonSerializer.DeserializeAsync<int>(stream)|};
                var next = {|WF0009:await channel.Reader.ReadAsync()|};
                var pending = channel.Reader.WaitToReadAsync().AsTask();
                {|WF0009:await pending|};
                {|WF0009:await Task.WhenAll(context.CallActivityAsync("A"), stream.FlushAsync())|};
                return parsed + next;
            }
        }
        """);

    [Fact]
    public Task NonContextAwait_ContextProxiesHelpersAndCompletedTasks_DoNotTrigger() => VerifyAwait.AnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class BookingProxies
        {
            // Shape of the generated typed activity proxies: an extension method on the context.
            public static Task<string> CallBookFlightAsync(this OrchestrationContext context, DateTime date) =>
                context.CallActivityAsync<string>("BookFlight", date);
        }

        public static class Trip
        {
            [Orchestration]
            public static async Task<string> RunAsync(OrchestrationContext context, Task<string> given)
            {
                var flight = await context.CallBookFlightAsync(context.CurrentUtcDateTime);
                var hotel = await BookHotelAsync(context);
                var car = await RentCarAsync();
                var all = await Task.WhenAll(context.CallActivityAsync<string>("A"), context.CallActivityAsync<string>("B"));
                var first = await Task.WhenAny(context.CreateTimer(TimeSpan.FromHours(1)), context.WaitForExternalEvent<string>("Go"));
                await first;
                var cached = Task.FromResult("cached");
                await cached;
                await Task.CompletedTask;
                await given; // a parameter: not known to be foreign
                var tasks = new List<Task>();
                tasks.Add(context.CallActivityAsync("C"));
                await Task.WhenAll(tasks);
                return flight + hotel + car + all[0];
            }

            private static Task<string> BookHotelAsync(OrchestrationContext context) => context.CallActivityAsync<string>("BookHotel");

            private static async Task<string> RentCarAsync()
            {
                await Task.CompletedTask;
                return "car";
            }
        }
        """);

    [Fact]
    public Task NonContextAwait_GeneratedEventWaitsOnContextEvents_DoNotTrigger() => VerifyAwait.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using WorkflowSdk;

        // Shape of the source generator's typed event waits: extensions of context.Events.
        public static class GeneratedExternalEventWaits
        {
            public static Task<bool> WaitForApprovalAsync(this ExternalEventWaits events, TimeSpan timeout) =>
                events.Context.WaitForExternalEvent<bool>("Approval", timeout);
        }

        public static class Expense
        {
            [Orchestration]
            public static async Task<bool> RunAsync(OrchestrationContext context)
            {
                var approved = await context.Events.WaitForApprovalAsync(TimeSpan.FromDays(3));
                await Task.WhenAny(context.Events.WaitForApprovalAsync(TimeSpan.FromDays(1)), context.CreateTimer(context.CurrentUtcDateTime.AddDays(1)));
                return approved;
            }
        }
        """);

    [Fact]
    public Task NonContextAwait_GeneratedProxiesOnContextActivitiesAndSubOrchestrations_DoNotTrigger() => VerifyAwait.AnalyzerAsync("""
        using System.Threading.Tasks;
        using WorkflowSdk;

        // Shape of the source generator's typed proxies: extensions of context.Activities / context.SubOrchestrations,
        // possibly compiled into another assembly.
        public static class GeneratedActivityCalls
        {
            public static Task<string> BookFlightAsync(this ActivityCalls calls, string city) => Task.FromResult(city);
        }

        public static class GeneratedSubOrchestrationCalls
        {
            public static Task<int> BillAsync(this SubOrchestrationCalls calls, int customer) => Task.FromResult(customer);
        }

        public static class Trip
        {
            [Orchestration]
            public static async Task<string> RunAsync(OrchestrationContext context)
            {
                var flight = await context.Activities.BookFlightAsync("Lisbon");
                var bill = await context.SubOrchestrations.BillAsync(7);
                await Task.WhenAll(context.Activities.BookFlightAsync("Oslo"), context.SubOrchestrations.BillAsync(8));
                return flight + bill;
            }
        }
        """);

    [Fact]
    public Task NonContextAwait_TasksAlreadyFlaggedByOtherRules_NotFlaggedTwice() => VerifyAwait.AnalyzerAsync("""
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Import
        {
            [Orchestration]
            public static async Task RunAsync(OrchestrationContext context, HttpClient http)
            {
                await Task.Delay(100);          // WF0003
                await Task.Run(() => 1);        // WF0005
                await http.GetStringAsync("x"); // WF0008
            }
        }
        """);

    [Fact]
    public Task NonContextAwait_ForeignTaskInHelper_TriggersAtCallSite() => VerifyAwait.AnalyzerAsync(
        """
        using System.IO;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Import
        {
            [Orchestration]
            public static Task RunAsync(OrchestrationContext context, Stream stream) => {|#0:Flush.AllAsync(stream)|};
        }

        public static class Flush
        {
            public static async Task AllAsync(Stream stream) => {|#1:await stream.FlushAsync()|};
        }
        """,
        VerifyAwait.Diagnostic().WithLocation(0).WithArguments("'Flush.AllAsync'", "awaits a task from 'Stream.FlushAsync', which did not come from the orchestration context and is not recorded in history", " (via Flush.AllAsync)"),
        VerifyAwait.Diagnostic().WithLocation(1).WithArguments("Orchestration code", "awaits a task from 'Stream.FlushAsync', which did not come from the orchestration context and is not recorded in history", " (reached from orchestration 'Import.RunAsync' via Import.RunAsync → Flush.AllAsync)"));

    [Fact]
    public Task NonContextAwait_ActivityMethodAwaitedDirectly_Triggers() => VerifyAwait.AnalyzerAsync("""
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Booking
        {
            [Orchestration]
            public static async Task<string> RunAsync(OrchestrationContext context) =>
                {|WF0009:await BookFlightAsync("PAR")|}; // runs the activity inline, unrecorded: use context.CallActivityAsync

            [Activity]
            public static Task<string> BookFlightAsync(string city) => Task.FromResult(city);
        }
        """);
}
