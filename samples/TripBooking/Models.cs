namespace WorkflowSdk.Samples.TripBooking;

/// <summary>What the traveler asked for; <see cref="TripId"/> doubles as the instance id and the idempotency key.</summary>
public sealed record TripRequest(string TripId, string Traveler, string From, string To, DateOnly Departure, DateOnly Return)
{
    /// <summary>Nights at the destination.</summary>
    public int Nights() => Return.DayNumber - Departure.DayNumber;
}

public sealed record FlightReservation(string Confirmation, string Flight, string From, string To, DateOnly Departure, DateOnly Return, decimal Price);

public sealed record HotelReservation(string Confirmation, string Hotel, string City, int Nights, decimal Price);

public sealed record CarReservation(string Confirmation, string Company, string City, int Days, decimal Price);

public sealed record Itinerary(string TripId, string Traveler, FlightReservation Flight, HotelReservation Hotel, CarReservation Car, decimal Total);

/// <summary>
/// How the booking ended: booked with an itinerary, or not booked with the reason and the reservations that were
/// cancelled to undo the steps that had succeeded (most recent first).
/// </summary>
public sealed record TripOutcome(string TripId, bool Booked, Itinerary? Itinerary, string? Reason, IReadOnlyList<string> Cancelled)
{
    public static TripOutcome Confirmed(Itinerary itinerary) => new(itinerary.TripId, true, itinerary, null, []);

    public static TripOutcome NotBooked(string tripId, string reason, IReadOnlyList<string> cancelled) => new(tripId, false, null, reason, cancelled);
}
