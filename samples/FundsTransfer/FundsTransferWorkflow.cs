using static System.FormattableString;

namespace WorkflowSdk.Samples.FundsTransfer;

/// <summary>
/// Moves money between accounts: debit the source, credit the target. If the credit fails after the debit went
/// through, the orchestration compensates by refunding the source, so money is never lost in between.
/// </summary>
/// <remarks>
/// An activity's exception reaches the orchestration as a <see cref="TaskFailedException"/> whose
/// <see cref="TaskFailedException.FailureDetails"/> keep the original type and message, so ordinary
/// <c>try</c>/<c>catch</c> is the error handling. The refund runs even if the worker crashes right after the failed
/// credit: the failure is in the history, and the replayed code takes the same <c>catch</c> branch.
/// </remarks>
public static class FundsTransferWorkflow
{
    public static class Names
    {
        public const string TransferFunds = "TransferFunds";
        public const string Debit = "DebitAccount";
        public const string Credit = "CreditAccount";
        public const string Refund = "RefundAccount";
    }

    /// <summary>
    /// Transient errors (a timeout to the core banking system) are retried; business refusals are not, since the
    /// bank's exceptions for them are marked <see cref="INonRetriableFailure"/>.
    /// </summary>
    public static readonly RetryOptions BankRetry = new(TimeSpan.FromMilliseconds(500), maxNumberOfAttempts: 4) { BackoffCoefficient = 2 };

    [Orchestration(Names.TransferFunds)]
    public static async Task<TransferResult> TransferAsync(OrchestrationContext context, TransferRequest transfer)
    {
        PostingReceipt debit;
        try
        {
            debit = await context.Activities.DebitAccountAsync(
                new Posting(transfer.TransferId, transfer.FromAccount, transfer.Amount, $"transfer to {transfer.ToAccount}"), BankRetry);
        }
        catch (TaskFailedException refused)
        {
            return new TransferResult(transfer.TransferId, TransferStatus.Rejected, refused.FailureDetails.Message, []);
        }

        string creditError;
        try
        {
            var credit = await context.Activities.CreditAccountAsync(
                new Posting(transfer.TransferId, transfer.ToAccount, transfer.Amount, $"transfer from {transfer.FromAccount}"), BankRetry);
            return new TransferResult(
                transfer.TransferId, TransferStatus.Completed, Invariant($"{transfer.Amount:0.00} moved from {transfer.FromAccount} to {transfer.ToAccount}"),
                [debit.EntryId, credit.EntryId]);
        }
        catch (TaskFailedException creditFailed)
        {
            creditError = creditFailed.FailureDetails.Message;
        }

        // Compensation, outside the handler (WF0004): give the money back. It must succeed, so it is retried on
        // transient errors too.
        var refund = await context.Activities.RefundAccountAsync(
            new Posting(transfer.TransferId, transfer.FromAccount, transfer.Amount, $"refund: credit to {transfer.ToAccount} failed"), BankRetry);
        return new TransferResult(
            transfer.TransferId, TransferStatus.Refunded, $"credit failed ({creditError}); debit refunded",
            [debit.EntryId, refund.EntryId]);
    }

    /// <summary>Registers the orchestration and its activities (which post to <paramref name="bank"/>) through the generated, reflection-free <c>AddGeneratedWorkflows</c>.</summary>
    /// <param name="registry">The registry to add to.</param>
    /// <param name="bank">The (simulated) bank.</param>
    /// <returns>The registry.</returns>
    public static WorkflowRegistry Register(WorkflowRegistry registry, Bank bank) =>
        registry.AddGeneratedWorkflows(new SampleServices(bank));
}

/// <summary>The activities: adapters from durable calls to the bank's ledger.</summary>
public sealed class BankActivities(Bank bank)
{
    [Activity(FundsTransferWorkflow.Names.Debit)]
    public PostingReceipt Debit(Posting posting) => bank.Debit(posting);

    [Activity(FundsTransferWorkflow.Names.Credit)]
    public PostingReceipt Credit(Posting posting) => bank.Credit(posting);

    [Activity(FundsTransferWorkflow.Names.Refund)]
    public PostingReceipt Refund(Posting posting) => bank.Refund(posting);
}
