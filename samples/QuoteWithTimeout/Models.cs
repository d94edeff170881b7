namespace WorkflowSdk.Samples.QuoteWithTimeout;

/// <summary>A request for a price; <see cref="Deadline"/> is how long the supplier has to answer.</summary>
public sealed record QuoteRequest(string RequestId, string Supplier, string Item, int Quantity, TimeSpan Deadline);

public sealed record Quote(string Supplier, string Item, int Quantity, decimal UnitPrice, decimal Total);

/// <summary>The quote given to the customer: the supplier's, or the list price when the supplier was too slow.</summary>
public sealed record QuoteOutcome(string RequestId, Quote Quote, bool FromSupplier, string Note);
