namespace WorkflowSdk.Generators.Aot;

public sealed record TripRequest(string Traveler, string Destination, int Nights);

public sealed record Reservation(string Confirmation, decimal Price);

public sealed record Itinerary(string Traveler, Reservation Flight, Reservation Hotel, decimal Total);

/// <summary>Activities as instance methods with a dependency: created by the generated runner, no reflection.</summary>
public sealed class TripActivities(TextWriter log)
{
    [Activity]
    public Task<Reservation> ReserveFlight(TripRequest trip)
    {
        log.WriteLine($"  activity: flight to {trip.Destination}");
        return Task.FromResult(new Reservation("FL-" + trip.Destination.ToUpperInvariant(), 180m));
    }

    [Activity]
    public Reservation ReserveHotel(string city, int nights)
    {
        log.WriteLine($"  activity: {nights} nights in {city}");
        return new Reservation("HT-" + city.ToUpperInvariant(), 120m * nights);
    }
}

public static class TripWorkflow
{
    [Orchestration]
    public static async Task<Itinerary> BookTrip(OrchestrationContext context, TripRequest trip)
    {
        var flight = await context.Activities.ReserveFlightAsync(trip);
        var hotel = await context.Activities.ReserveHotelAsync(trip.Destination, trip.Nights, new RetryOptions(TimeSpan.FromSeconds(1), 3));
        return new Itinerary(trip.Traveler, flight, hotel, flight.Price + hotel.Price);
    }
}
