namespace WorkflowSdk.Samples.RetryWithBackoff;

public sealed record ConversionRequest(string RequestId, decimal Amount, string From, string To);

public sealed record RateQuery(string From, string To);

public sealed record ExchangeRate(string From, string To, decimal Rate);

public sealed record Conversion(string RequestId, decimal Amount, string From, decimal Converted, string To, decimal Rate);
