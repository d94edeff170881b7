// A deliberately bad orchestration: every WorkflowSdk determinism rule fires here at least once.
// ShowcaseTests asserts the exact set of diagnostics; keep the two in step when editing.
using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WorkflowSdk;

namespace Showcase;

public sealed class TripBooking(HttpClient http, ILogger<TripBooking> logger, IConfiguration configuration)
{
    private static int s_bookings;
    private readonly object _gate = new();
    private readonly Channel<string> _inbox = Channel.CreateUnbounded<string>();

    [Orchestration]
    public async Task<string> BookTripAsync(OrchestrationContext context, string customer)
    {
        var started = DateTime.Now;
        var bookingId = Guid.NewGuid();
        logger.LogInformation("Booking {Id} for {Customer}", bookingId, customer);

        await Task.Delay(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        var quote = await http.GetStringAsync("https://quotes.invalid/" + customer);
        var region = configuration["Region"];
        var note = await _inbox.Reader.ReadAsync();
        var shard = customer.GetHashCode() % 4;
        s_bookings++;

        var flight = context.CallActivityAsync<string>("BookFlight", customer);
        var hotel = Task.Run(() => "hotel");
        lock (_gate)
        {
            Console.WriteLine("booking " + flight.Result);
        }

        try
        {
            await flight;
        }
        catch (TaskFailedException)
        {
            await context.CallActivityAsync("CancelFlight", customer);
        }

        var seats = new ConcurrentDictionary<string, int>();
        foreach (var seat in seats)
        {
            await context.CallActivityAsync("Reserve", seat.Key);
        }

        Notify(customer);
        var stamp = Receipts.Stamp();
        return $"{started}{quote}{note}{region}{shard}{await hotel}{stamp}{TimeZoneInfo.Local.Id}{CultureInfo.CurrentCulture}";
    }

    [Activity]
    public async Task<string> BookFlightAsync(string customer)
    {
        // Activities may do all of this.
        await Task.Delay(100);
        logger.LogInformation("Booked {Customer} at {Time}", customer, DateTime.UtcNow);
        return await http.GetStringAsync("https://flights.invalid/" + customer) + File.Exists("x");
    }

    private static async void Notify(string customer) => await Task.Yield();
}

public static class Receipts
{
    public static string Stamp() => Format(Stopwatch.GetTimestamp());

    private static string Format(long ticks) => ticks + Environment.MachineName;
}
