namespace WorkflowSdk.Samples.CronBilling;

/// <summary>
/// The outside world of this sample, simulated: an invoicing system and a card payment gateway. Card tokens decide
/// how a charge goes: <c>tok_ok</c> pays, <c>tok_flaky</c> times out on the first attempt for each invoice and pays on
/// the next, <c>tok_expired</c> is declined (retrying cannot help). Charges are idempotent per invoice.
/// </summary>
public sealed class PaymentGateway(Action<string>? log = null)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Payment> _payments = new(StringComparer.Ordinal);
    private readonly List<string> _notices = [];

    /// <summary>Successful charges, by invoice id.</summary>
    public IReadOnlyDictionary<string, Payment> Payments
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, Payment>(_payments);
            }
        }
    }

    /// <summary>How many times each invoice was presented for charging.</summary>
    public IReadOnlyDictionary<string, int> ChargeAttempts
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, int>(_attempts);
            }
        }
    }

    /// <summary>The dunning notices sent, as <c>customer/cycle: reason</c>.</summary>
    public IReadOnlyList<string> DunningNotices
    {
        get
        {
            lock (_lock)
            {
                return [.. _notices];
            }
        }
    }

    public static Invoice CreateInvoice(BillCustomerRequest request) =>
        new($"INV-{request.Cycle:000}-{request.Customer.CustomerId}", request.Customer.CustomerId, request.Cycle, request.Customer.MonthlyFee);

    public Payment Charge(ChargeRequest request)
    {
        lock (_lock)
        {
            var invoice = request.Invoice;
            var attempt = _attempts[invoice.InvoiceId] = _attempts.GetValueOrDefault(invoice.InvoiceId) + 1;
            if (_payments.TryGetValue(invoice.InvoiceId, out var done))
            {
                return done;
            }

            switch (request.CardToken)
            {
                case "tok_flaky" when attempt == 1:
                    log?.Invoke($"{invoice.InvoiceId}: gateway timeout (attempt {attempt})");
                    throw new TimeoutException($"The card network did not answer for {invoice.InvoiceId}.");
                case "tok_expired":
                    log?.Invoke($"{invoice.InvoiceId}: declined, card expired (attempt {attempt})");
                    throw new CardDeclinedException("The card has expired.");
            }

            var payment = new Payment($"PAY-{invoice.InvoiceId[4..]}", invoice.InvoiceId, invoice.Amount);
            _payments[invoice.InvoiceId] = payment;
            log?.Invoke($"{invoice.InvoiceId}: charged {invoice.Amount:0.00} (attempt {attempt})");
            return payment;
        }
    }

    public string SendDunningNotice(DunningNotice notice)
    {
        lock (_lock)
        {
            _notices.Add($"{notice.CustomerId}/{notice.Cycle}: {notice.Reason}");
        }

        log?.Invoke($"dunning notice to {notice.CustomerId} for cycle {notice.Cycle}");
        return $"notice sent to {notice.CustomerId}";
    }
}

/// <summary>The card was declined; retrying the same card cannot help, so retries stop at once.</summary>
public sealed class CardDeclinedException(string message) : Exception(message), INonRetriableFailure;
