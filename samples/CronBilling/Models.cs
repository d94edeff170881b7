namespace WorkflowSdk.Samples.CronBilling;

public sealed record Customer(string CustomerId, string Name, string Plan, decimal MonthlyFee, string CardToken);

/// <summary>
/// The billing schedule's state: the input of each execution. <see cref="ContinueAsNew"/>-style orchestrations carry
/// their state forward in it, so it stays small; the cycle summaries ride along only so the sample can print them.
/// </summary>
public sealed record BillingSchedule(int Cycle, int CyclesToRun, TimeSpan Period, IReadOnlyList<Customer> Customers, IReadOnlyList<CycleSummary> Completed);

public sealed record BillCustomerRequest(int Cycle, Customer Customer);

public sealed record Invoice(string InvoiceId, string CustomerId, int Cycle, decimal Amount);

public sealed record ChargeRequest(Invoice Invoice, string CardToken);

public sealed record Payment(string PaymentId, string InvoiceId, decimal Amount);

public sealed record DunningNotice(string CustomerId, int Cycle, string Reason);

/// <summary>One customer's bill in one cycle: paid (with the payment id) or unpaid (with the reason).</summary>
public sealed record CustomerBill(string CustomerId, int Cycle, decimal Amount, bool Paid, string? PaymentId, string? Problem);

public sealed record CycleSummary(int Cycle, decimal Billed, decimal Collected, IReadOnlyList<CustomerBill> Bills);

public sealed record BillingReport(int Cycles, decimal TotalBilled, decimal TotalCollected, IReadOnlyList<CycleSummary> CycleSummaries);
