namespace WorkflowSdk.Samples.FundsTransfer;

public sealed record TransferRequest(string TransferId, string FromAccount, string ToAccount, decimal Amount);

/// <summary>One ledger posting; <see cref="TransferId"/> with the posting kind makes it idempotent.</summary>
public sealed record Posting(string TransferId, string Account, decimal Amount, string Memo);

public sealed record PostingReceipt(string EntryId, string Account, decimal Amount, decimal BalanceAfter);

/// <summary>The outcomes of a transfer.</summary>
public static class TransferStatus
{
    /// <summary>Debited and credited.</summary>
    public const string Completed = "Completed";

    /// <summary>The debit was refused (e.g. insufficient funds); nothing moved.</summary>
    public const string Rejected = "Rejected";

    /// <summary>The credit failed after the debit, so the debit was refunded (compensation).</summary>
    public const string Refunded = "Refunded";
}

/// <summary>How a transfer ended, with the ledger entries it made in order.</summary>
public sealed record TransferResult(string TransferId, string Status, string Detail, IReadOnlyList<string> Entries);
