namespace WorkflowSdk.Samples.Versioning;

/// <summary>
/// The outside world of this sample, simulated: stock, a fraud-scoring service and a carrier. <see cref="Journal"/>
/// lists every call in order, so one can see which version of the orchestration did what.
/// </summary>
public sealed class Warehouse(Action<string>? log = null)
{
    private readonly Lock _lock = new();
    private readonly List<string> _journal = [];

    /// <summary>Every call made, as <c>operation orderId</c>.</summary>
    public IReadOnlyList<string> Journal
    {
        get
        {
            lock (_lock)
            {
                return [.. _journal];
            }
        }
    }

    public string ReserveStock(Order order)
    {
        Record($"reserve {order.OrderId}", $"reserved {order.Item} for {order.OrderId}");
        return $"reserved {order.Item}";
    }

    public FraudVerdict CheckFraud(Order order)
    {
        // A stand-in for a scoring model: large orders from new customers score higher.
        var score = order.Amount > 5_000m ? 91 : order.Amount > 1_000m ? 40 : 7;
        Record($"fraud-check {order.OrderId}", $"fraud score of {order.OrderId}: {score}");
        return new FraudVerdict(score >= 80, score);
    }

    public Shipment Ship(ShipmentRequest request)
    {
        var tracking = $"TRK-{request.OrderId.ToUpperInvariant()}";
        Record($"ship {request.OrderId} {request.Method}", $"shipped {request.OrderId} by {request.Method}: {tracking}");
        return new Shipment(request.OrderId, tracking, request.Method);
    }

    private void Record(string entry, string message)
    {
        lock (_lock)
        {
            _journal.Add(entry);
        }

        log?.Invoke(message);
    }
}
