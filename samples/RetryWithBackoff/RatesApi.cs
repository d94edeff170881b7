using static System.FormattableString;

namespace WorkflowSdk.Samples.RetryWithBackoff;

/// <summary>
/// The outside world of this sample, simulated: an exchange-rate API that is down for its first
/// <paramref name="outageCalls"/> calls (HTTP 503, worth retrying) and rejects currencies it does not know (HTTP 400,
/// not worth retrying).
/// </summary>
public sealed class RatesApi(int outageCalls, Action<string>? log = null)
{
    private static readonly Dictionary<(string, string), decimal> Rates = new()
    {
        [("EUR", "USD")] = 1.0842m, [("EUR", "GBP")] = 0.8571m, [("USD", "JPY")] = 151.37m, [("GBP", "EUR")] = 1.1667m,
    };

    private int _calls;

    /// <summary>How many calls the API received.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public ExchangeRate GetRate(RateQuery query)
    {
        var call = Interlocked.Increment(ref _calls);
        if (call <= outageCalls)
        {
            log?.Invoke($"call {call}: GET /rates/{query.From}/{query.To} -> 503 Service Unavailable");
            throw new HttpRequestException("503 Service Unavailable: the rates service is restarting.");
        }

        if (!Rates.TryGetValue((query.From, query.To), out var rate))
        {
            log?.Invoke($"call {call}: GET /rates/{query.From}/{query.To} -> 400 Bad Request");
            throw new UnknownCurrencyException($"400 Bad Request: no rate for {query.From}/{query.To}.");
        }

        log?.Invoke(Invariant($"call {call}: GET /rates/{query.From}/{query.To} -> 200 OK {rate}"));
        return new ExchangeRate(query.From, query.To, rate);
    }
}

/// <summary>The API does not know the currency pair: asking again gives the same answer.</summary>
public sealed class UnknownCurrencyException(string message) : Exception(message);
