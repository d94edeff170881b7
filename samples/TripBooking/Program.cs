// Trip booking: function chaining with compensation, on the embedded SQLite backend.
//
//   dotnet run --project samples/TripBooking [-- --db <file>] [--verbose]
//
// Books two trips. Ada's goes through although the worker running it is killed half-way: a second worker picks the
// trip up from its history in the database and finishes it without booking anything twice. Grace's cannot be
// completed (no rental cars at the destination), so the flight and hotel already booked are cancelled again.
using WorkflowSdk;
using WorkflowSdk.History;
using WorkflowSdk.Samples;
using WorkflowSdk.Samples.TripBooking;

await using var host = SampleHost.Open("TripBooking", args);
var agency = new TravelAgency(
    latency: TimeSpan.FromMilliseconds(150), log: line => Console.WriteLine($"      [travel agency] {line}"), hotelLatency: TimeSpan.FromMilliseconds(600));
var registry = TripBookingWorkflow.Register(new WorkflowRegistry(), agency);

Console.WriteLine("WorkflowSdk sample: trip booking (function chaining with compensation)");
host.PrintDatabase();

// 1. Ada's trip, with a crash in the middle.
var ada = new TripRequest(SampleHost.NewInstanceId("trip-ada"), "Ada Lovelace", "London", "Lisbon", new DateOnly(2026, 5, 4), new DateOnly(2026, 5, 9));
Console.WriteLine($"1) {ada.Traveler}: {ada.From} -> {ada.To} ({ada.TripId})");
Console.WriteLine("   Worker A starts the booking.");
var workerA = await host.StartWorkerAsync(registry);
await host.Client.StartBookTripAsync(ada, ada.TripId);
await host.WaitUntilAsync(ada.TripId, s => s.History!.OfType<TaskCompletedEvent>().Any());
await SampleHost.StopWorkerAsync(workerA, grace: TimeSpan.Zero);
Console.WriteLine("   Worker A is killed right after the flight is booked, while the hotel request is under way (think crash, deploy, scale-in).");
var running = await host.Client.GetStatusAsync(ada.TripId);
Console.WriteLine($"   The trip is {running!.RuntimeStatus}: its state is its history, in the database, not in a process.");
Console.WriteLine("   Worker B starts with an empty memory, replays the history and carries on (the unfinished hotel request runs again):");
await host.StartWorkerAsync(registry);
var booked = await host.WaitForCompletionAsync(ada.TripId);
PrintOutcome(booked.ReadOutputAs<TripOutcome>());
Timeline.Print(booked);

// 2. Grace's trip: the last step fails, the first two are compensated.
var grace = new TripRequest(SampleHost.NewInstanceId("trip-grace"), "Grace Hopper", "New York", "Reykjavik", new DateOnly(2026, 2, 10), new DateOnly(2026, 2, 14));
Console.WriteLine($"2) {grace.Traveler}: {grace.From} -> {grace.To} ({grace.TripId})");
var compensated = await host.RunAsync(host.Client.StartBookTripAsync(grace, grace.TripId));
PrintOutcome(compensated.ReadOutputAs<TripOutcome>());
Timeline.Print(compensated);

Console.WriteLine($"Reservations held now: {string.Join(", ", agency.ActiveReservations.Order())}");
Console.WriteLine($"Every step above is in {host.DatabasePath}; ids: {ada.TripId}, {grace.TripId}.");

static void PrintOutcome(TripOutcome outcome)
{
    if (outcome is { Booked: true, Itinerary: { } it })
    {
        Console.WriteLine($"   BOOKED {it.TripId} for {it.Traveler}, total {it.Total:0.00} EUR");
        Console.WriteLine($"     flight {it.Flight.Confirmation}  {it.Flight.Flight}, {it.Flight.Departure:yyyy-MM-dd} and back {it.Flight.Return:yyyy-MM-dd}  {it.Flight.Price,8:0.00}");
        Console.WriteLine($"     hotel  {it.Hotel.Confirmation}  {it.Hotel.Hotel}, {it.Hotel.Nights} nights  {it.Hotel.Price,8:0.00}");
        Console.WriteLine($"     car    {it.Car.Confirmation}  {it.Car.Company}, {it.Car.Days} days  {it.Car.Price,8:0.00}");
    }
    else
    {
        Console.WriteLine($"   NOT BOOKED {outcome.TripId}: {outcome.Reason}");
        Console.WriteLine($"     compensated, most recent first: {string.Join("; ", outcome.Cancelled)}");
    }

    Console.WriteLine();
}
