namespace WorkflowSdk.Generators.EndToEnd;

public sealed record TripRequest(string Traveler, string Destination, int Nights);

public sealed record Reservation(string Confirmation, decimal Price);

public sealed record Itinerary(string Traveler, Reservation Flight, Reservation Hotel, decimal Total);

public sealed record Decision(bool Approved, string By);

/// <summary>The outside world the activities talk to: a test double that records calls.</summary>
public sealed class TravelDesk
{
    private int _flakyFailures;

    public List<string> Calls { get; } = [];

    public int FlakyFailuresLeft { get => _flakyFailures; set => _flakyFailures = value; }

    public TaskCompletionSource SlowRelease { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource SlowStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool DivergeOnReplay { get; set; }

    public void Record(string call)
    {
        lock (Calls)
        {
            Calls.Add(call);
        }
    }

    public bool TakeFlakyFailure() => Interlocked.Decrement(ref _flakyFailures) >= 0;
}

/// <summary>Activities as instance methods of a class with a constructor dependency (created per call by the generated runner).</summary>
public sealed class TravelActivities(TravelDesk desk)
{
    [Activity]
    public Task<Reservation> ReserveFlightAsync(ActivityContext context, TripRequest trip, CancellationToken cancellationToken)
    {
        desk.Record($"flight {trip.Destination} (task #{context.TaskId})");
        return Task.FromResult(new Reservation("FL-" + trip.Destination, 200m));
    }

    [Activity("reserve-hotel")]
    public ValueTask<Reservation> ReserveHotel(string city, int nights)
    {
        desk.Record($"hotel {city} x{nights}");
        return new(new Reservation("HT-" + city, 100m * nights));
    }

    [Activity]
    public decimal Total(decimal flight, decimal hotel, decimal fee) => flight + hotel + fee;

    [Activity]
    public void Notify(string traveler) => desk.Record("notify " + traveler);

    [Activity]
    public Task<string> Flaky(string what)
    {
        if (desk.TakeFlakyFailure())
        {
            throw new InvalidOperationException("the supplier is down");
        }

        desk.Record("flaky " + what);
        return Task.FromResult("ok " + what);
    }

    [Activity]
    public async Task<string> Slow(ActivityContext context)
    {
        desk.SlowStarted.TrySetResult();
        await desk.SlowRelease.Task.WaitAsync(context.CancellationToken).ConfigureAwait(false);
        desk.Record("slow finished");
        return "slow";
    }

    [Activity]
    public static string Shout(string text) => text.ToUpperInvariant();
}

public static class TripWorkflows
{
    [Orchestration]
    public static async Task<Itinerary> BookTrip(OrchestrationContext context, TripRequest trip)
    {
        var flight = await context.Activities.ReserveFlightAsync(trip);
        var hotel = await context.Activities.ReserveHotelAsync(trip.Destination, trip.Nights);
        var total = await context.Activities.TotalAsync(flight.Price, hotel.Price, 15m);
        await context.Activities.NotifyAsync(trip.Traveler);
        return new Itinerary(trip.Traveler, flight, hotel, total);
    }

    [Orchestration]
    public static async Task<string> WithRetries(OrchestrationContext context, string what) =>
        await context.Activities.FlakyAsync(what, new RetryOptions(TimeSpan.FromMilliseconds(10), maxNumberOfAttempts: 5));

    [Orchestration]
    public static async Task<string> RaceSlowActivityAgainstTimer(OrchestrationContext context)
    {
        using var cancel = new CancellationTokenSource();
        var slow = context.Activities.SlowAsync(cancel.Token);
        var deadline = context.CreateTimer(TimeSpan.FromMilliseconds(100));
        if (await Task.WhenAny(slow, deadline) == deadline)
        {
            cancel.Cancel();
            try
            {
                return "slow was not cancelled: " + await slow;
            }
            catch (OperationCanceledException)
            {
                // Given up: shout below, outside the handler (WF0004).
            }

            return await context.Activities.ShoutAsync("gave up waiting");
        }

        return await slow;
    }

    [Orchestration("Greeting", Version = "1")]
    public static Task<string> GreetingV1(OrchestrationContext context, string name) => Task.FromResult("Hello, " + name);

    [Orchestration("Greeting", Version = "2")]
    public static async Task<string> GreetingV2(OrchestrationContext context, string name) =>
        "v2: " + await context.Activities.ShoutAsync("hello, " + name);

    [Orchestration]
    public static async Task<string[]> Parent(OrchestrationContext context, string[] names)
    {
        var children = names.Select(n => context.SubOrchestrations.GreetingV1Async(n)).ToList();
        children.Add(context.SubOrchestrations.GreetingV2Async(names[0], instanceId: context.InstanceId + ":v2"));
        return await Task.WhenAll(children);
    }

    [Orchestration]
    [ExternalEvent<Decision>("Approval")]
    public static async Task<string> Approve(OrchestrationContext context, TripRequest trip)
    {
        var decision = await context.Events.WaitForApprovalAsync(TimeSpan.FromMinutes(5));
        return decision.Approved ? $"{trip.Traveler} approved by {decision.By}" : "rejected";
    }
}

/// <summary>An orchestration that changes what it schedules when the test flips a switch: non-deterministic on purpose.</summary>
public sealed class DivergingWorkflows(TravelDesk desk)
{
    [Orchestration]
    public async Task<string> Diverge(OrchestrationContext context)
    {
        if (!desk.DivergeOnReplay)
        {
            await context.Activities.ShoutAsync("first");
        }
        else
        {
            await context.Activities.NotifyAsync("someone else");
        }

        return await context.WaitForExternalEvent<string>("continue");
    }
}
