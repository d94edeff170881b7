namespace WorkflowSdk.Samples.TripBooking;

/// <summary>
/// Books a trip as a chain of activities: flight, then hotel, then car. When a step fails, the steps that succeeded
/// are undone in reverse order (a saga) and the outcome says why the trip was not booked.
/// </summary>
/// <remarks>
/// Every <c>await</c> below is a checkpoint: the step's result is recorded in the instance's history before the
/// next step starts. If the worker dies after the flight is booked, another worker replays the history (the
/// flight's result comes from history, the airline is not called again) and goes on with the hotel.
/// </remarks>
public static class TripBookingWorkflow
{
    /// <summary>The registered names (what clients and history use).</summary>
    public static class Names
    {
        public const string BookTrip = "BookTrip";
        public const string ReserveFlight = "ReserveFlight";
        public const string ReserveHotel = "ReserveHotel";
        public const string ReserveCar = "ReserveCar";
        public const string CancelFlight = "CancelFlight";
        public const string CancelHotel = "CancelHotel";
    }

    /// <summary>Compensations must not give up on a transient error: retry them with backoff.</summary>
    public static readonly RetryOptions CompensationRetry = new(TimeSpan.FromSeconds(1), maxNumberOfAttempts: 5) { BackoffCoefficient = 2 };

    [Orchestration(Names.BookTrip)]
    public static async Task<TripOutcome> BookTripAsync(OrchestrationContext context, TripRequest trip)
    {
        // Each step that succeeds pushes the call that undoes it.
        var undo = new Stack<Func<Task<string>>>();
        TaskFailedException failure;
        try
        {
            var flight = await context.Activities.ReserveFlightAsync(trip);
            undo.Push(() => context.Activities.CancelFlightAsync(flight.Confirmation, CompensationRetry));

            var hotel = await context.Activities.ReserveHotelAsync(trip);
            undo.Push(() => context.Activities.CancelHotelAsync(hotel.Confirmation, CompensationRetry));

            var car = await context.Activities.ReserveCarAsync(trip);

            return TripOutcome.Confirmed(new Itinerary(trip.TripId, trip.Traveler, flight, hotel, car, flight.Price + hotel.Price + car.Price));
        }
        catch (TaskFailedException failed)
        {
            failure = failed;
        }

        // Compensate outside the handler (WF0004), most recent step first.
        var cancelled = new List<string>();
        while (undo.TryPop(out var compensate))
        {
            cancelled.Add(await compensate());
        }

        return TripOutcome.NotBooked(trip.TripId, $"{failure.Name} failed: {failure.FailureDetails.Message}", cancelled);
    }

    /// <summary>Registers the orchestration and its activities (which work against <paramref name="agency"/>) through the generated, reflection-free <c>AddGeneratedWorkflows</c>.</summary>
    /// <param name="registry">The registry to add to.</param>
    /// <param name="agency">The (simulated) travel agency the activities call.</param>
    /// <returns>The registry.</returns>
    public static WorkflowRegistry Register(WorkflowRegistry registry, TravelAgency agency) =>
        registry.AddGeneratedWorkflows(new SampleServices(agency));
}

/// <summary>The activities: thin adapters from durable calls to the travel agency's API.</summary>
public sealed class TravelActivities(TravelAgency agency)
{
    [Activity(TripBookingWorkflow.Names.ReserveFlight)]
    public Task<FlightReservation> ReserveFlightAsync(ActivityContext context, TripRequest trip) =>
        agency.ReserveFlightAsync(trip, context.CancellationToken);

    [Activity(TripBookingWorkflow.Names.ReserveHotel)]
    public Task<HotelReservation> ReserveHotelAsync(ActivityContext context, TripRequest trip) =>
        agency.ReserveHotelAsync(trip, context.CancellationToken);

    [Activity(TripBookingWorkflow.Names.ReserveCar)]
    public Task<CarReservation> ReserveCarAsync(ActivityContext context, TripRequest trip) =>
        agency.ReserveCarAsync(trip, context.CancellationToken);

    [Activity(TripBookingWorkflow.Names.CancelFlight)]
    public Task<string> CancelFlightAsync(ActivityContext context, string confirmation) =>
        agency.CancelAsync(confirmation, context.CancellationToken);

    [Activity(TripBookingWorkflow.Names.CancelHotel)]
    public Task<string> CancelHotelAsync(ActivityContext context, string confirmation) =>
        agency.CancelAsync(confirmation, context.CancellationToken);
}
