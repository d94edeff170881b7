using WorkflowSdk.History;
using WorkflowSdk.Samples.TripBooking;
using static WorkflowSdk.Samples.TripBooking.TripBookingWorkflow;

namespace WorkflowSdk.Conformance.Scenarios;

/// <summary>The TripBooking sample: function chaining with compensation.</summary>
public abstract class TripBookingScenarioTests : ConformanceTests
{
    [ConformanceFact]
    public async Task BookTrip_EveryReservationSucceeds_ReturnsTheItineraryOfFlightHotelAndCarBookedInThatOrder()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, agency) = await SampleScenarios.BookTripAsync(run, "Lisbon");

        var status = Assert.Single(instances);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        var outcome = status.ReadOutputAs<TripOutcome>();
        Assert.True(outcome.Booked);
        var itinerary = outcome.Itinerary!;
        Assert.Equal(("Lisbon", "Lisbon", "Lisbon"), (itinerary.Flight.To, itinerary.Hotel.City, itinerary.Car.City));
        Assert.Equal((5, 6), (itinerary.Hotel.Nights, itinerary.Car.Days));
        Assert.Equal(360m + 600m + 270m, itinerary.Total);
        Assert.Equal([Names.ReserveFlight, Names.ReserveHotel, Names.ReserveCar], status.ActivityCalls());
        Assert.Equal([0, 1, 2], status.Events<TaskCompletedEvent>().Select(e => e.TaskId));
        Assert.Equal(
            new[] { itinerary.Flight.Confirmation, itinerary.Hotel.Confirmation, itinerary.Car.Confirmation }.Order(),
            agency.ActiveReservations.Order());
    }

    [ConformanceFact]
    public async Task BookTrip_NoCarAtTheDestination_CancelsTheHotelThenTheFlightAndSaysWhy()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var (instances, agency) = await SampleScenarios.BookTripAsync(run, "Reykjavik");

        var status = Assert.Single(instances);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        var outcome = status.ReadOutputAs<TripOutcome>();
        Assert.False(outcome.Booked);
        Assert.Null(outcome.Itinerary);
        Assert.Equal("ReserveCar failed: No cars available in Reykjavik from 2026-05-04 to 2026-05-09.", outcome.Reason);
        Assert.Equal(
            [Names.ReserveFlight, Names.ReserveHotel, Names.ReserveCar, Names.CancelHotel, Names.CancelFlight],
            status.ActivityCalls());
        var failed = Assert.Single(status.Events<TaskFailedEvent>());
        Assert.Equal((2, typeof(NoCarsAvailableException).FullName), (failed.TaskId, failed.FailureDetails.ErrorType));
        var (flight, hotel) = (status.Events<TaskCompletedEvent>()[0], status.Events<TaskCompletedEvent>()[1]);
        var flightConfirmation = run.Host.Decode<FlightReservation>(flight.Result).Confirmation;
        var hotelConfirmation = run.Host.Decode<HotelReservation>(hotel.Result).Confirmation;
        Assert.Equal([hotelConfirmation, flightConfirmation], status.Events<TaskScheduledEvent>().Skip(3).Select(e => run.Host.Decode<string>(e.Input)));
        Assert.Equal([$"cancelled {hotelConfirmation}", $"cancelled {flightConfirmation}"], outcome.Cancelled);
        Assert.Equal(
            [$"reserved {flightConfirmation}", $"reserved {hotelConfirmation}", "no car in Reykjavik", $"cancelled {hotelConfirmation}", $"cancelled {flightConfirmation}"],
            agency.Journal);
        Assert.Empty(agency.ActiveReservations);
        Assert.Equal((1, 1, 1), (agency.RequestsFor("flight", "trip-1"), agency.RequestsFor("hotel", "trip-1"), agency.RequestsFor("car", "trip-1")));
    }

    [ConformanceFact]
    public async Task BookTrip_WorkerKilledAfterTheFlightIsBooked_AnotherWorkerFinishesTheTripWithoutBookingAnythingTwice()
    {
        await using var run = new ScenarioRun(CreateProvider());
        // Slow enough that the hotel call is usually still running when the first worker dies.
        var agency = new TravelAgency(latency: TimeSpan.FromMilliseconds(200));
        Register(run.Registry, agency);
        var first = await run.StartWorkerAsync();
        var trip = SampleScenarios.Trip("Lisbon");

        await run.Client.StartBookTripAsync(trip, trip.TripId);
        await run.Host.WaitUntilAsync(trip.TripId, s => s.Events<TaskCompletedEvent>().Count >= 1, "flight booked");
        await ScenarioRun.KillAsync(first);
        await run.StartWorkerAsync(backend: run.Host.NewBackend());
        var status = await run.Host.WaitAsync(trip.TripId);

        Assert.True(status.ReadOutputAs<TripOutcome>().Booked);
        Assert.Equal([Names.ReserveFlight, Names.ReserveHotel, Names.ReserveCar], status.ActivityCalls());
        Assert.Equal([0, 1, 2], status.Events<TaskCompletedEvent>().Select(e => e.TaskId));
        // The flight's result was recorded before the kill: it is replayed from history, never requested again.
        // (The hotel call may legitimately run twice if the kill hit it after it reached the agency: activities run
        // at least once, and the agency's idempotency keeps that from booking twice.)
        Assert.Equal(1, agency.RequestsFor("flight", trip.TripId));
        Assert.Equal(3, agency.Journal.Count);
        Assert.All(agency.Journal, entry => Assert.StartsWith("reserved ", entry, StringComparison.Ordinal));
        Assert.Equal(3, agency.ActiveReservations.Count);
    }
}
