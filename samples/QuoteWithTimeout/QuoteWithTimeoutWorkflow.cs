using static System.FormattableString;

namespace WorkflowSdk.Samples.QuoteWithTimeout;

/// <summary>
/// The GetQuote pattern: race a supplier's answer against a durable timer with <see cref="Task.WhenAny(Task[])"/>.
/// When the supplier wins, the losing timer is cancelled through its <see cref="CancellationToken"/>; when the timer
/// wins, the customer gets the list price instead of waiting any longer.
/// </summary>
/// <remarks>
/// The race is decided by history, not by the clock on replay: whichever of the activity result and the timer-fired
/// event was recorded first wins, on every replay. A supplier that answers after the deadline changes nothing; its
/// late result is ignored.
/// </remarks>
public static class QuoteWithTimeoutWorkflow
{
    public static class Names
    {
        public const string GetQuote = "GetQuote";
        public const string RequestSupplierQuote = "RequestSupplierQuote";
        public const string GetListPriceQuote = "GetListPriceQuote";
    }

    [Orchestration(Names.GetQuote)]
    public static async Task<QuoteOutcome> GetQuoteAsync(OrchestrationContext context, QuoteRequest request)
    {
        using var cancelDeadline = new CancellationTokenSource();
        var deadline = context.CreateTimer(request.Deadline, cancelDeadline.Token);
        var supplierQuote = context.Activities.RequestSupplierQuoteAsync(request);

        var winner = await Task.WhenAny(supplierQuote, deadline);
        if (winner == supplierQuote)
        {
            // The timer lost the race: cancel it so nothing waits for it any more. (Cancel, not CancelAsync:
            // orchestration code may only await the context's durable tasks.)
            cancelDeadline.Cancel();
            if (supplierQuote.IsCompletedSuccessfully)
            {
                return new QuoteOutcome(request.RequestId, supplierQuote.Result, FromSupplier: true, $"{request.Supplier} answered in time");
            }
        }

        // The deadline passed (or the supplier failed): quote the list price rather than keep the customer waiting.
        var fallback = await context.Activities.GetListPriceQuoteAsync(request);
        var why = winner == deadline
            ? Invariant($"{request.Supplier} did not answer within {request.Deadline.TotalSeconds:0.###} s")
            : $"{request.Supplier} failed: {(supplierQuote.Exception?.InnerException as TaskFailedException)?.FailureDetails.Message}";
        return new QuoteOutcome(request.RequestId, fallback, FromSupplier: false, $"{why}; list price quoted");
    }

    /// <summary>Registers the orchestration and its activities (which work against <paramref name="desk"/>) through the generated, reflection-free <c>AddGeneratedWorkflows</c>.</summary>
    /// <param name="registry">The registry to add to.</param>
    /// <param name="desk">The (simulated) suppliers.</param>
    /// <returns>The registry.</returns>
    public static WorkflowRegistry Register(WorkflowRegistry registry, SupplierDesk desk) =>
        registry.AddGeneratedWorkflows(new SampleServices(desk));
}

/// <summary>The activities: adapters from durable calls to the suppliers and the price list.</summary>
public sealed class QuoteActivities(SupplierDesk desk)
{
    [Activity(QuoteWithTimeoutWorkflow.Names.RequestSupplierQuote)]
    public Task<Quote> RequestSupplierQuoteAsync(ActivityContext context, QuoteRequest request) =>
        desk.AskSupplierAsync(request, context.CancellationToken);

    [Activity(QuoteWithTimeoutWorkflow.Names.GetListPriceQuote)]
    public static Quote GetListPriceQuote(QuoteRequest request) => SupplierDesk.ListPriceQuote(request);
}
