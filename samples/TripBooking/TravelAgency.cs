namespace WorkflowSdk.Samples.TripBooking;

/// <summary>
/// The outside world of this sample, simulated in memory: an airline, hotels and car rental desks that take
/// reservations and cancellations. Reservations are idempotent per trip (a retried or re-run call returns the
/// reservation already made), as real booking APIs are with an idempotency key: activities run at least once.
/// Every call takes <paramref name="latency"/>, hotel reservations <paramref name="hotelLatency"/> if given.
/// </summary>
public sealed class TravelAgency(TimeSpan latency = default, Action<string>? log = null, TimeSpan? hotelLatency = null)
{
    private static readonly Dictionary<string, (string Code, decimal Fare)> Airports = new(StringComparer.OrdinalIgnoreCase)
    {
        ["London"] = ("LHR", 0m), ["New York"] = ("JFK", 0m), ["Lisbon"] = ("LIS", 180m),
        ["Reykjavik"] = ("KEF", 420m), ["Kyoto"] = ("KIX", 980m),
    };

    private static readonly Dictionary<string, (string Name, decimal Nightly)> Hotels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Lisbon"] = ("Casa do Rio", 120m), ["Reykjavik"] = ("Hotel Borealis", 210m), ["Kyoto"] = ("Ryokan Hoshi", 260m),
    };

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _carsAvailable = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Lisbon"] = 5, ["Kyoto"] = 2, ["Reykjavik"] = 0,
    };

    private readonly Dictionary<string, object> _byIdempotencyKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (object Reservation, string Description)> _active = new(StringComparer.Ordinal);
    private readonly List<string> _journal = [];
    private readonly Dictionary<string, int> _requests = new(StringComparer.Ordinal);

    /// <summary>Confirmation numbers of the reservations currently held.</summary>
    public IReadOnlyCollection<string> ActiveReservations
    {
        get
        {
            lock (_lock)
            {
                return [.. _active.Keys];
            }
        }
    }

    /// <summary>Every reservation and cancellation made, in order (e.g. <c>reserved FL-7K2Q9X</c>).</summary>
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

    /// <summary>How many reservation requests reached the agency for a trip and kind (<c>flight</c>, <c>hotel</c>, <c>car</c>).</summary>
    public int RequestsFor(string kind, string tripId)
    {
        lock (_lock)
        {
            return _requests.GetValueOrDefault($"{kind}/{tripId}");
        }
    }

    public async Task<FlightReservation> ReserveFlightAsync(TripRequest trip, CancellationToken cancellationToken)
    {
        await Task.Delay(latency, cancellationToken);
        var (from, _) = Airport(trip.From);
        var (to, fare) = Airport(trip.To);
        lock (_lock)
        {
            return Reserve($"flight/{trip.TripId}", () => new FlightReservation(
                    Code("FL", trip.TripId), $"WS{Number(trip.To) % 900 + 100} {from}-{to}", trip.From, trip.To, trip.Departure, trip.Return, 2 * fare),
                r => r.Confirmation, r => $"flight {r.Flight} for {trip.Traveler}, {r.Departure:yyyy-MM-dd} to {r.Return:yyyy-MM-dd}");
        }
    }

    public async Task<HotelReservation> ReserveHotelAsync(TripRequest trip, CancellationToken cancellationToken)
    {
        await Task.Delay(hotelLatency ?? latency, cancellationToken);
        if (!Hotels.TryGetValue(trip.To, out var hotel))
        {
            throw new InvalidOperationException($"No hotel partner in {trip.To}.");
        }

        lock (_lock)
        {
            return Reserve($"hotel/{trip.TripId}", () => new HotelReservation(Code("HT", trip.TripId), hotel.Name, trip.To, trip.Nights(), trip.Nights() * hotel.Nightly),
                r => r.Confirmation, r => $"{r.Nights} nights at {r.Hotel}, {r.City}");
        }
    }

    public async Task<CarReservation> ReserveCarAsync(TripRequest trip, CancellationToken cancellationToken)
    {
        await Task.Delay(latency, cancellationToken);
        var key = $"car/{trip.TripId}";
        var days = trip.Nights() + 1;
        lock (_lock)
        {
            if (!_byIdempotencyKey.ContainsKey(key) && _carsAvailable.GetValueOrDefault(trip.To) <= 0)
            {
                _requests[key] = _requests.GetValueOrDefault(key) + 1;
                _journal.Add($"no car in {trip.To}");
                log?.Invoke($"no car available in {trip.To}");
                throw new NoCarsAvailableException(trip.To, trip.Departure, trip.Return);
            }

            return Reserve(key, () =>
                {
                    _carsAvailable[trip.To]--;
                    return new CarReservation(Code("CR", trip.TripId), "Rent-a-Rover", trip.To, days, days * 45m);
                },
                r => r.Confirmation, r => $"car from {r.Company} in {r.City} for {r.Days} days");
        }
    }

    /// <summary>Cancels a reservation; cancelling one that is not held (any more) changes nothing.</summary>
    public async Task<string> CancelAsync(string confirmation, CancellationToken cancellationToken)
    {
        await Task.Delay(latency, cancellationToken);
        lock (_lock)
        {
            if (!_active.Remove(confirmation, out var held))
            {
                return $"{confirmation} was not held";
            }

            if (held.Reservation is CarReservation car)
            {
                _carsAvailable[car.City]++;
            }

            _journal.Add($"cancelled {confirmation}");
            log?.Invoke($"cancelled {confirmation} ({held.Description})");
            return $"cancelled {confirmation}";
        }
    }

    // Call with _lock held.
    private T Reserve<T>(string idempotencyKey, Func<T> create, Func<T, string> confirmation, Func<T, string> describe)
        where T : class
    {
        _requests[idempotencyKey] = _requests.GetValueOrDefault(idempotencyKey) + 1;
        if (_byIdempotencyKey.TryGetValue(idempotencyKey, out var existing))
        {
            return (T)existing;
        }

        var reservation = create();
        _byIdempotencyKey[idempotencyKey] = reservation;
        _active[confirmation(reservation)] = (reservation, describe(reservation));
        _journal.Add($"reserved {confirmation(reservation)}");
        log?.Invoke($"reserved {confirmation(reservation)}: {describe(reservation)}");
        return reservation;
    }

    private static (string Code, decimal Fare) Airport(string city) =>
        Airports.TryGetValue(city, out var airport) ? airport : throw new InvalidOperationException($"No airport known for {city}.");

    // A stable code from the trip id (string.GetHashCode differs between processes): FNV-1a, 6 base-32 digits.
    private static string Code(string prefix, string tripId)
    {
        const string Digits = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        var hash = Number(prefix + tripId);
        var code = new char[6];
        for (var i = 0; i < code.Length; i++, hash >>= 5)
        {
            code[i] = Digits[(int)(hash & 31)];
        }

        return $"{prefix}-{new string(code)}";
    }

    private static uint Number(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}

/// <summary>The car rental desk has no car left at the destination for those dates.</summary>
public sealed class NoCarsAvailableException(string city, DateOnly from, DateOnly to)
    : Exception($"No cars available in {city} from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}.");
