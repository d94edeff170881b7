using WorkflowSdk.Generators.Tests.Infrastructure;

namespace WorkflowSdk.Generators.Tests;

/// <summary>The generated source for each shape, compared with the files under <c>Snapshots/</c>, and compiled.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public Task Activities_EveryReturnShape_SeveralParameters_ContextAndToken() => Verify.GeneratedAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using WorkflowSdk;

        namespace Trips;

        public sealed record Dates(System.DateTime From, System.DateTime To);
        public sealed record Flight(string Code, decimal Price);

        public static class Airline
        {
            [Activity]
            public static Task<Flight> BookFlight(Dates dates) => Task.FromResult(new Flight("LIS", 180m));

            [Activity("charge-card")]
            public static Task ChargeAsync(ActivityContext context, string card, decimal amount, CancellationToken cancellationToken) => Task.CompletedTask;

            [Activity]
            public static ValueTask<string?> FindSeat(string flight, int row) => new((string?)null);

            [Activity]
            public static ValueTask Notify(string message) => default;

            [Activity]
            public static int Add(int a, int b) => a + b;

            [Activity]
            public static void Log() { }

            [Activity]
            public static string Reserve(string city, int nights = 1, decimal rate = 99.5m, System.DayOfWeek day = System.DayOfWeek.Monday, string? note = null, long? id = null) => city;
        }
        """);

    [Fact]
    public Task Orchestrations_SubOrchestrationProxies_TypedClient_Versions_DefaultVersionStart() => Verify.GeneratedAsync("""
        using System.Threading.Tasks;
        using WorkflowSdk;

        namespace Trips;

        public sealed record TripRequest(string Traveler, string Destination);

        public static class TripWorkflows
        {
            [Orchestration]
            public static Task<string> BookTrip(OrchestrationContext context, TripRequest request) => Task.FromResult(request.Destination);

            [Orchestration("Ship", Version = "1")]
            public static Task ShipV1Async(OrchestrationContext context, string order, int priority) => Task.CompletedTask;

            [Orchestration("Ship", Version = "2")]
            public static Task ShipV2Async(OrchestrationContext context, string order, int priority) => Task.CompletedTask;

            [Orchestration]
            public static Task<int> Tick(OrchestrationContext context) => Task.FromResult(0);
        }
        """);

    [Fact]
    public Task Orchestration_WithDeclaredEvents_GetsTypedHandle() => Verify.GeneratedAsync("""
        using System.Threading.Tasks;
        using WorkflowSdk;

        namespace Expenses;

        public sealed record Expense(string Id, decimal Amount);
        public sealed record Decision(bool Approved, string By);

        public static class Approvals
        {
            [Orchestration]
            [ExternalEvent<Decision>("Approval")]
            [ExternalEvent<string>("comment")]
            public static async Task<bool> ApproveExpense(OrchestrationContext context, Expense expense)
            {
                var decision = await context.WaitForExternalEvent<Decision>("Approval");
                return decision.Approved;
            }
        }
        """);

    [Fact]
    public Task InstanceMethods_ConstructorDependencies_InternalTypes_KeywordParameters() => Verify.GeneratedAsync("""
        using System.Threading.Tasks;
        using WorkflowSdk;

        namespace Billing;

        public interface IPaymentGateway { Task<string> ChargeAsync(string account, decimal amount); }
        internal sealed record Invoice(string Account, decimal Amount);

        public sealed class PaymentActivities(IPaymentGateway gateway)
        {
            [Activity]
            public Task<string> Charge(string account, decimal amount) => gateway.ChargeAsync(account, amount);

            [Activity]
            internal Task<string> ChargeInvoice(Invoice invoice) => gateway.ChargeAsync(invoice.Account, invoice.Amount);

            [Activity]
            public string Echo(string @event, int retry) => @event + retry;
        }

        internal class InvoiceRun
        {
            [Orchestration]
            public async Task<string> Run(OrchestrationContext context, Invoice invoice) =>
                await context.Activities.ChargeInvoiceAsync(invoice);
        }
        """);
}
