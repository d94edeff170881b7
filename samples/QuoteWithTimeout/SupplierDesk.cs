using static System.FormattableString;

namespace WorkflowSdk.Samples.QuoteWithTimeout;

/// <summary>
/// The outside world of this sample, simulated: suppliers that answer price requests after their own response time,
/// and a price list. Disposing the desk abandons answers still pending (the sample's and the tests' way to stop a slow
/// supplier nobody waits for any more).
/// </summary>
public sealed class SupplierDesk(IReadOnlyDictionary<string, TimeSpan> responseTimes, Action<string>? log = null) : IDisposable
{
    /// <summary>The list prices: what the fallback quotes.</summary>
    public static readonly IReadOnlyDictionary<string, decimal> ListPrices = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["euro-pallet"] = 14.50m, ["m8-steel-bolt"] = 0.12m, ["forklift-day"] = 320m,
    };

    private readonly CancellationTokenSource _closed = new();
    private int _supplierCalls;

    /// <summary>How many price requests reached a supplier.</summary>
    public int SupplierCalls => Volatile.Read(ref _supplierCalls);

    public async Task<Quote> AskSupplierAsync(QuoteRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _supplierCalls);
        var responseTime = responseTimes.TryGetValue(request.Supplier, out var time) ? time : throw new InvalidOperationException($"Unknown supplier {request.Supplier}.");
        log?.Invoke(Invariant($"asked {request.Supplier} for {request.Quantity} x {request.Item} (it answers in {responseTime.TotalSeconds:0.0} s)"));
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        await Task.Delay(responseTime, either.Token);

        // Suppliers undercut the list price by 8 %.
        var unit = Math.Round(ListPrice(request.Item) * 0.92m, 2);
        log?.Invoke(Invariant($"{request.Supplier} answered: {unit} per unit"));
        return new Quote(request.Supplier, request.Item, request.Quantity, unit, unit * request.Quantity);
    }

    public static Quote ListPriceQuote(QuoteRequest request)
    {
        var unit = ListPrice(request.Item);
        return new Quote("price list", request.Item, request.Quantity, unit, unit * request.Quantity);
    }

    public void Dispose()
    {
        _closed.Cancel();
        _closed.Dispose();
    }

    private static decimal ListPrice(string item) =>
        ListPrices.TryGetValue(item, out var price) ? price : throw new InvalidOperationException($"No list price for {item}.");
}
