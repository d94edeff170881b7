using WorkflowSdk.History;
using WorkflowSdk.Samples.QuoteWithTimeout;
using static WorkflowSdk.Samples.QuoteWithTimeout.QuoteWithTimeoutWorkflow;

namespace WorkflowSdk.Conformance.Scenarios;

/// <summary>The QuoteWithTimeout sample: a race between a durable timer and an activity.</summary>
public abstract class QuoteWithTimeoutScenarioTests : ConformanceTests
{
    [ConformanceFact]
    public async Task GetQuote_SupplierAnswersBeforeTheDeadline_UsesTheSupplierQuoteWithoutWaitingForTheDeadline()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, desk) = await SampleScenarios.QuoteAsync(run, supplierResponseTime: TimeSpan.Zero, deadline: TimeSpan.FromSeconds(30));

        var status = instances[0];
        var outcome = status.ReadOutputAs<QuoteOutcome>();
        Assert.True(outcome.FromSupplier);
        Assert.Equal(new Quote("Acme", "euro-pallet", 40, 13.34m, 533.60m), outcome.Quote);
        Assert.Equal("Acme answered in time", outcome.Note);
        Assert.Equal(0, Assert.Single(status.Events<TimerCreatedEvent>()).TaskId);
        Assert.Equal([Names.RequestSupplierQuote], status.ActivityCalls());
        Assert.Empty(status.Events<TimerFiredEvent>());
        Assert.True(status.CompletedAt - status.CreatedAt < TimeSpan.FromSeconds(20), "the instance waited for the cancelled timer");
        Assert.Equal(1, desk.SupplierCalls);
    }

    [ConformanceFact]
    public async Task GetQuote_SupplierSlowerThanTheDeadline_TimerWinsAndTheListPriceIsQuoted()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, desk) = await SampleScenarios.QuoteAsync(run, supplierResponseTime: TimeSpan.FromHours(1), deadline: TimeSpan.FromMilliseconds(200));

        var status = instances[0];
        var outcome = status.ReadOutputAs<QuoteOutcome>();
        Assert.False(outcome.FromSupplier);
        Assert.Equal(new Quote("price list", "euro-pallet", 40, 14.50m, 580m), outcome.Quote);
        Assert.Equal("Acme did not answer within 0.2 s; list price quoted", outcome.Note);
        Assert.Equal(0, Assert.Single(status.Events<TimerFiredEvent>()).TaskId);
        Assert.Equal([Names.RequestSupplierQuote, Names.GetListPriceQuote], status.ActivityCalls());
        Assert.Equal([2], status.Events<TaskCompletedEvent>().Select(e => e.TaskId)); // the supplier's call (#1) never answered
        Assert.Equal([TimeSpan.FromMilliseconds(200)], status.TimerDelays());
        Assert.Equal(1, desk.SupplierCalls);
    }

    [ConformanceFact]
    public async Task GetQuote_SupplierFails_FallsBackToTheListPriceAndSaysWhy()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var status = (await SampleScenarios.QuoteAsync(run, TimeSpan.Zero, TimeSpan.FromSeconds(30), supplier: "Nobody Inc")).Status;

        var outcome = status.ReadOutputAs<QuoteOutcome>();
        Assert.False(outcome.FromSupplier);
        Assert.Equal("price list", outcome.Quote.Supplier);
        Assert.Equal("Nobody Inc failed: Unknown supplier Nobody Inc.; list price quoted", outcome.Note);
        Assert.Equal(1, Assert.Single(status.Events<TaskFailedEvent>()).TaskId);
        Assert.Empty(status.Events<TimerFiredEvent>());
    }
}
