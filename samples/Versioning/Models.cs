namespace WorkflowSdk.Samples.Versioning;

public sealed record Order(string OrderId, string Customer, string Item, decimal Amount);

/// <summary>The external event that tells an order it has been paid.</summary>
public sealed record PaymentReceived(string PaymentId, decimal Amount);

public sealed record FraudVerdict(bool Suspicious, int Score);

public sealed record ShipmentRequest(string OrderId, string Method);

public sealed record Shipment(string OrderId, string TrackingNumber, string Method);

/// <summary>How an order was fulfilled, and by which version of the orchestration.</summary>
public sealed record FulfillmentResult(string OrderId, string? Version, IReadOnlyList<string> Steps, string Status, string? TrackingNumber, string? ShippingMethod);
