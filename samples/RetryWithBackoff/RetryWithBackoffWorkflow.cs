namespace WorkflowSdk.Samples.RetryWithBackoff;

/// <summary>
/// Converts an amount with a rate fetched from a flaky API, relying on <see cref="RetryOptions"/>: failed calls are
/// retried with exponential backoff (200 ms, 400 ms, 800 ms, then 1 s), except failures that retrying cannot fix,
/// which <see cref="RetryOptions.Handle"/> turns away at once.
/// </summary>
/// <remarks>
/// Every attempt is its own task in the history, and every delay between attempts is a durable timer: a worker that
/// restarts in the middle of a backoff resumes the wait instead of starting over.
/// </remarks>
public static class RetryWithBackoffWorkflow
{
    public static class Names
    {
        public const string ConvertCurrency = "ConvertCurrency";
        public const string GetExchangeRate = "GetExchangeRate";
    }

    public static readonly RetryOptions RatesApiRetry = new(firstRetryInterval: TimeSpan.FromMilliseconds(200), maxNumberOfAttempts: 5)
    {
        BackoffCoefficient = 2,
        MaxRetryInterval = TimeSpan.FromSeconds(1),
        RetryTimeout = TimeSpan.FromSeconds(30),
        // Retry outages, not bad requests. The failure is data from another process: match on the type name.
        Handle = failure => failure is TaskFailedException { FailureDetails: var details } && !details.IsCausedBy<UnknownCurrencyException>(),
    };

    [Orchestration(Names.ConvertCurrency)]
    public static async Task<Conversion> ConvertAsync(OrchestrationContext context, ConversionRequest request)
    {
        var rate = await context.Activities.GetExchangeRateAsync(new RateQuery(request.From, request.To), RatesApiRetry);
        return new Conversion(request.RequestId, request.Amount, request.From, Math.Round(request.Amount * rate.Rate, 2), request.To, rate.Rate);
    }

    /// <summary>Registers the orchestration and its activity (which calls <paramref name="api"/>) through the generated, reflection-free <c>AddGeneratedWorkflows</c>.</summary>
    /// <param name="registry">The registry to add to.</param>
    /// <param name="api">The (simulated) rates API.</param>
    /// <returns>The registry.</returns>
    public static WorkflowRegistry Register(WorkflowRegistry registry, RatesApi api) =>
        registry.AddGeneratedWorkflows(new SampleServices(api));
}

/// <summary>The activity: an adapter from a durable call to the rates API.</summary>
public sealed class RatesActivities(RatesApi api)
{
    [Activity(RetryWithBackoffWorkflow.Names.GetExchangeRate)]
    public ExchangeRate GetExchangeRate(RateQuery query) => api.GetRate(query);
}
