using static System.FormattableString;

namespace WorkflowSdk.Samples.FundsTransfer;

/// <summary>
/// The outside world of this sample, simulated: a core banking ledger. Postings are idempotent per transfer and
/// kind (a re-run activity does not move money twice); business refusals are exceptions that retrying cannot fix.
/// </summary>
public sealed class Bank(Action<string>? log = null)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PostingReceipt> _postings = new(StringComparer.Ordinal);
    private readonly List<string> _ledger = [];

    private sealed class Account(string owner, decimal balance, bool frozen)
    {
        public string Owner { get; } = owner;

        public decimal Balance { get; set; } = balance;

        public bool Frozen { get; } = frozen;
    }

    /// <summary>Opens an account.</summary>
    public Bank Open(string account, string owner, decimal balance, bool frozen = false)
    {
        lock (_lock)
        {
            _accounts.Add(account, new Account(owner, balance, frozen));
        }

        return this;
    }

    public decimal BalanceOf(string account)
    {
        lock (_lock)
        {
            return _accounts[account].Balance;
        }
    }

    /// <summary>Every posting made, in order (e.g. <c>debit alice 100.00 (t-1)</c>).</summary>
    public IReadOnlyList<string> Ledger
    {
        get
        {
            lock (_lock)
            {
                return [.. _ledger];
            }
        }
    }

    public PostingReceipt Debit(Posting posting) => Post("debit", posting, -posting.Amount, account =>
    {
        if (account.Balance < posting.Amount)
        {
            throw new InsufficientFundsException(Invariant($"Account {posting.Account} holds {account.Balance:0.00}, less than {posting.Amount:0.00}."));
        }
    });

    public PostingReceipt Credit(Posting posting) => Post("credit", posting, posting.Amount, account =>
    {
        if (account.Frozen)
        {
            throw new AccountFrozenException($"Account {posting.Account} ({account.Owner}) is frozen and cannot receive funds.");
        }
    });

    public PostingReceipt Refund(Posting posting) => Post("refund", posting, posting.Amount, _ => { });

    private PostingReceipt Post(string kind, Posting posting, decimal delta, Action<Account> check)
    {
        lock (_lock)
        {
            var key = $"{posting.TransferId}/{kind}";
            if (_postings.TryGetValue(key, out var done))
            {
                return done;
            }

            if (!_accounts.TryGetValue(posting.Account, out var account))
            {
                throw new AccountNotFoundException($"There is no account {posting.Account}.");
            }

            check(account);
            account.Balance += delta;
            var receipt = new PostingReceipt($"{kind.ToUpperInvariant()}-{posting.TransferId}", posting.Account, delta, account.Balance);
            _postings[key] = receipt;
            var entry = Invariant($"{kind} {posting.Account} {posting.Amount:0.00} ({posting.TransferId})");
            _ledger.Add(entry);
            log?.Invoke(Invariant($"{entry}: {posting.Memo}; balance {account.Balance:0.00}"));
            return receipt;
        }
    }
}

public sealed class InsufficientFundsException(string message) : Exception(message), INonRetriableFailure;

public sealed class AccountFrozenException(string message) : Exception(message), INonRetriableFailure;

public sealed class AccountNotFoundException(string message) : Exception(message), INonRetriableFailure;
