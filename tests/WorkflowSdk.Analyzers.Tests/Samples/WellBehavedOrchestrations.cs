// What the analyzers want orchestration code to look like: none of this may be flagged.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using WorkflowSdk;

namespace Showcase;

public sealed record TripRequest(string Customer, DateTime Departure, string[] Cities);

public static class Trips
{
    [Orchestration]
    public static async Task<string> BookTripAsync(OrchestrationContext context, TripRequest request)
    {
        var log = context.CreateReplaySafeLogger("Showcase.Trips");
        var bookingId = context.NewGuid();
        log.LogInformation("Booking {Id} for {Customer}", bookingId, request.Customer);

        var retry = new RetryOptions(TimeSpan.FromSeconds(5), 3) { BackoffCoefficient = 2 };
        var hotels = await Task.WhenAll(request.Cities.Select(city => context.CallActivityAsync<string>("BookHotel", city, retry)));

        string? flight = null;
        var failure = false;
        try
        {
            flight = await context.CallActivityAsync<string>("BookFlight", request);
        }
        catch (TaskFailedException)
        {
            failure = true;
        }

        if (failure)
        {
            foreach (var hotel in hotels)
            {
                await context.CallActivityAsync("CancelHotel", hotel);
            }

            return "cancelled";
        }

        using var cts = new CancellationTokenSource();
        var deadline = context.CreateTimer(context.CurrentUtcDateTime.AddDays(1), cts.Token);
        var approval = context.WaitForExternalEvent<bool>("Approved");
        if (await Task.WhenAny(deadline, approval) == approval && approval.Result)
        {
            cts.Cancel();
        }

        if (!context.IsReplaying)
        {
            log.LogInformation("Finished at {Time}", DateTime.UtcNow);
        }

        var summary = Summaries.Describe(hotels, flight!, context.CurrentUtcDateTime);
        context.SetCustomStatus(summary);
        return summary;
    }

    [Orchestration]
    public static async Task BillMonthlyAsync(OrchestrationContext context, int month)
    {
        await context.CreateTimer(TimeSpan.FromDays(30));
        await context.CallActivityAsync("Bill", month);
        context.ContinueAsNew(month + 1);
    }
}

public static class Summaries
{
    private const string Separator = ", ";

    public static string Describe(IEnumerable<string> hotels, string flight, DateTime at) =>
        string.Join(Separator, hotels.OrderBy(h => h, StringComparer.Ordinal)) + Separator + flight + " @ " + at.ToString("O", CultureInfo.InvariantCulture);
}
