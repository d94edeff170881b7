using WorkflowSdk.History;
using WorkflowSdk.Samples.FundsTransfer;
using static WorkflowSdk.Samples.FundsTransfer.FundsTransferWorkflow;

namespace WorkflowSdk.Conformance.Scenarios;

/// <summary>The FundsTransfer sample: error handling with compensation.</summary>
public abstract class FundsTransferScenarioTests : ConformanceTests
{
    [ConformanceFact]
    public async Task Transfer_CreditSucceeds_DebitsTheSourceThenCreditsTheTarget()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, bank) = await SampleScenarios.TransferAsync(run, "alice", "bob", 100m);

        var result = instances[0].ReadOutputAs<TransferResult>();
        Assert.Equal(TransferStatus.Completed, result.Status);
        Assert.Equal(["DEBIT-transfer-1", "CREDIT-transfer-1"], result.Entries);
        Assert.Equal([Names.Debit, Names.Credit], instances[0].ActivityCalls());
        Assert.Equal((900m, 150m), (bank.BalanceOf("alice"), bank.BalanceOf("bob")));
        Assert.Equal(["debit alice 100.00 (transfer-1)", "credit bob 100.00 (transfer-1)"], bank.Ledger);
    }

    [ConformanceFact]
    public async Task Transfer_CreditToAFrozenAccount_RefundsTheDebitSoNoMoneyIsLost()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, bank) = await SampleScenarios.TransferAsync(run, "alice", "carol", 250m);

        var status = instances[0];
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        var result = status.ReadOutputAs<TransferResult>();
        Assert.Equal(TransferStatus.Refunded, result.Status);
        Assert.Equal("credit failed (Account carol (Carol) is frozen and cannot receive funds.); debit refunded", result.Detail);
        Assert.Equal(["DEBIT-transfer-1", "REFUND-transfer-1"], result.Entries);
        Assert.Equal([Names.Debit, Names.Credit, Names.Refund], status.ActivityCalls());
        var failed = Assert.Single(status.Events<TaskFailedEvent>());
        Assert.Equal((1, typeof(AccountFrozenException).FullName), (failed.TaskId, failed.FailureDetails.ErrorType));
        Assert.Empty(status.Events<TimerCreatedEvent>()); // a business refusal is not retried
        Assert.Equal(new Posting("transfer-1", "alice", 250m, "refund: credit to carol failed"), run.Host.Decode<Posting>(status.Events<TaskScheduledEvent>()[2].Input));
        Assert.Equal((1_000m, 0m), (bank.BalanceOf("alice"), bank.BalanceOf("carol")));
        Assert.Equal(["debit alice 250.00 (transfer-1)", "refund alice 250.00 (transfer-1)"], bank.Ledger);
    }

    [ConformanceFact]
    public async Task Transfer_InsufficientFunds_IsRejectedAtTheDebitWithNothingToUndo()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, bank) = await SampleScenarios.TransferAsync(run, "bob", "alice", 5_000m);

        var result = instances[0].ReadOutputAs<TransferResult>();
        Assert.Equal(TransferStatus.Rejected, result.Status);
        Assert.Equal("Account bob holds 50.00, less than 5000.00.", result.Detail);
        Assert.Empty(result.Entries);
        Assert.Equal([Names.Debit], instances[0].ActivityCalls());
        Assert.Equal(typeof(InsufficientFundsException).FullName, Assert.Single(instances[0].Events<TaskFailedEvent>()).FailureDetails.ErrorType);
        Assert.Empty(bank.Ledger);
        Assert.Equal((50m, 1_000m), (bank.BalanceOf("bob"), bank.BalanceOf("alice")));
    }
}
