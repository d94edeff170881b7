using WorkflowSdk.History;
using WorkflowSdk.Sqlite;

namespace WorkflowSdk.Generators.EndToEnd;

/// <summary>
/// Orchestrations and activities written against the generated API, registered with the generated
/// <c>AddGeneratedWorkflows</c>, started through the generated client methods, on a real SQLite file. The payload
/// serializer refuses the runtime-type path, so nothing here goes through the string-named, object-typed API.
/// </summary>
public sealed class TypedApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "workflowsdk-e2e", Guid.NewGuid().ToString("N"));
    private readonly TravelDesk _desk = new();
    private readonly List<WorkflowWorker> _workers = [];
    private Backends.WorkflowBackend _backend = null!;
    private WorkflowClient _client = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _backend = OpenBackend();
        _client = new WorkflowClient(_backend, new WorkflowClientOptions
        {
            PayloadSerializer = new TypedOnlySerializer(),
            MaxPollInterval = TimeSpan.FromMilliseconds(20),
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS is left for the temp cleaner.
        }
    }

    [Fact]
    public async Task Chained_activities_with_several_parameters_and_every_return_shape_run_through_generated_runners()
    {
        await StartWorkerAsync();

        var handle = await _client.StartBookTripAsync(new TripRequest("Ada", "Lisbon", 3), instanceId: "trip-1");
        Itinerary itinerary = await handle.WaitForResultAsync(Timeout);

        Assert.Equal("trip-1", handle.InstanceId);
        Assert.Equal(new Itinerary("Ada", new Reservation("FL-Lisbon", 200m), new Reservation("HT-Lisbon", 300m), 515m), itinerary);
        Assert.Equal(["flight Lisbon (task #0)", "hotel Lisbon x3", "notify Ada"], _desk.Calls);
        var status = await handle.GetStatusAsync(includeHistory: true);
        Assert.Equal(["ReserveFlightAsync", "reserve-hotel", "Total", "Notify"], status!.History!.OfType<TaskScheduledEvent>().Select(e => e.Name));
    }

    [Fact]
    public async Task History_names_the_orchestration_line_that_scheduled_each_step_not_the_generated_proxy()
    {
        await StartWorkerAsync();

        var handle = await _client.StartBookTripAsync(new TripRequest("Ada", "Kyoto", 1));
        await handle.WaitAsync(Timeout);

        var status = await handle.GetStatusAsync(includeHistory: true);
        var sources = status!.History!.OfType<TaskScheduledEvent>().Select(e => e.Source).ToList();
        var lines = File.ReadAllLines(Path.Combine(SourceDirectory(), "Workflows.cs"));
        int LineOf(string code) => Array.FindIndex(lines, l => l.Contains(code, StringComparison.Ordinal)) + 1;
        Assert.Equal(
            [
                $"Workflows.cs:{LineOf("ReserveFlightAsync(trip)")} in BookTrip",
                $"Workflows.cs:{LineOf("ReserveHotelAsync(trip.Destination")} in BookTrip",
                $"Workflows.cs:{LineOf("TotalAsync(flight.Price")} in BookTrip",
                $"Workflows.cs:{LineOf("NotifyAsync(trip.Traveler)")} in BookTrip",
            ],
            sources);
    }

    [Fact]
    public async Task A_non_determinism_error_names_the_lines_of_orchestration_code_on_both_sides()
    {
        var first = await StartWorkerAsync();
        var handle = await _client.StartDivergeAsync();
        await WaitUntilAsync(handle, s => s.History!.OfType<TaskCompletedEvent>().Any(), "has a completed activity");
        await first.StopAsync();

        _desk.DivergeOnReplay = true;
        await StartWorkerAsync(); // a fresh worker has no cached instance: it replays the history
        await handle.RaiseEventAsync("continue", "now");
        var outcome = await Assert.ThrowsAsync<OrchestrationFailedException>(() => handle.WaitForResultAsync(Timeout));

        var lines = File.ReadAllLines(Path.Combine(SourceDirectory(), "Workflows.cs"));
        int LineOf(string code) => Array.FindIndex(lines, l => l.Contains(code, StringComparison.Ordinal)) + 1;
        Assert.Equal(typeof(NonDeterminismException).FullName, outcome.FailureDetails!.ErrorType);
        Assert.Contains($"history recorded a call to activity 'Shout' (task #0) at Workflows.cs:{LineOf("ShoutAsync(\"first\")")} in Diverge", outcome.Message, StringComparison.Ordinal);
        Assert.Contains($"the code now scheduled a call to activity 'Notify' (task #0) at Workflows.cs:{LineOf("NotifyAsync(\"someone else\")")} in Diverge", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_overload_retries_a_failing_activity_with_durable_backoff()
    {
        _desk.FlakyFailuresLeft = 2;
        await StartWorkerAsync();

        var handle = await _client.StartWithRetriesAsync("quote");

        Assert.Equal("ok quote", await handle.WaitForResultAsync(Timeout));
        var history = (await handle.GetStatusAsync(includeHistory: true))!.History!;
        Assert.Equal(3, history.OfType<TaskScheduledEvent>().Count());
        Assert.Equal(2, history.OfType<TaskFailedEvent>().Count());
        Assert.Equal(2, history.OfType<TimerCreatedEvent>().Count());
    }

    [Fact]
    public async Task Cancellation_overload_stops_waiting_for_an_activity_and_ignores_its_late_result()
    {
        await StartWorkerAsync();

        var handle = await _client.StartRaceSlowActivityAgainstTimerAsync();
        await _desk.SlowStarted.Task.WaitAsync(Timeout);

        Assert.Equal("GAVE UP WAITING", await handle.WaitForResultAsync(Timeout));
        _desk.SlowRelease.SetResult();
        var status = await handle.GetStatusAsync(includeHistory: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status!.RuntimeStatus);
        Assert.DoesNotContain(status.History!.OfType<TaskCompletedEvent>(), e => e.TaskId == 0);
    }

    [Fact]
    public async Task Sub_orchestration_proxies_run_children_by_name_and_version()
    {
        await StartWorkerAsync();

        var handle = await _client.StartParentAsync(["Ada", "Grace"]);

        Assert.Equal(["Hello, Ada", "Hello, Grace", "v2: HELLO, ADA"], await handle.WaitForResultAsync(Timeout));
        var child = await _client.GetStatusAsync(handle.InstanceId + ":v2");
        Assert.Equal(("Greeting", "2"), (child!.Name, child.Version));
    }

    [Fact]
    public async Task Typed_client_starts_a_given_version_or_the_default_one()
    {
        await StartWorkerAsync();

        var v1 = await _client.StartGreetingV1Async("Ada");
        var v2 = await _client.StartGreetingV2Async("Ada");
        var byDefault = await _client.StartGreetingAsync("Grace");
        var asked = await _client.StartGreetingAsync("Alan", options: new StartOrchestrationOptions { Version = "1" });

        Assert.Equal("Hello, Ada", await v1.WaitForResultAsync(Timeout));
        Assert.Equal("v2: HELLO, ADA", await v2.WaitForResultAsync(Timeout));
        Assert.Equal("v2: HELLO, GRACE", await byDefault.WaitForResultAsync(Timeout));
        Assert.Equal("Hello, Alan", await asked.WaitForResultAsync(Timeout));
    }

    [Fact]
    public async Task Declared_events_are_raised_through_the_generated_handle_even_from_another_client()
    {
        await StartWorkerAsync();
        var handle = await _client.StartApproveAsync(new TripRequest("Ada", "Reykjavik", 2), instanceId: "approval-1");

        // Another process only knows the id.
        var elsewhere = new ApproveHandle(new WorkflowClient(OpenBackend(), new WorkflowClientOptions { PayloadSerializer = new TypedOnlySerializer() }), "approval-1");
        await elsewhere.RaiseApprovalAsync(new Decision(true, "Grace"));

        Assert.Equal("Ada approved by Grace", await handle.WaitForResultAsync(Timeout));
    }

    [Fact]
    public async Task A_failed_instance_surfaces_as_OrchestrationFailedException_with_its_failure()
    {
        _desk.FlakyFailuresLeft = 100;
        await StartWorkerAsync();

        var handle = await _client.StartWithRetriesAsync("quote");

        var failure = await Assert.ThrowsAsync<OrchestrationFailedException>(() => handle.WaitForResultAsync(Timeout));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failure.Status);
        Assert.Equal(typeof(TaskFailedException).FullName, failure.FailureDetails!.ErrorType);
        Assert.Contains("the supplier is down", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_registration_registers_every_workflow_of_the_assembly()
    {
        var registry = new WorkflowRegistry().AddGeneratedWorkflows(new Services(_desk));

        Assert.Equal(
            ["Approve", "BookTrip", "Diverge", "Greeting@1", "Greeting@2", "Parent", "RaceSlowActivityAgainstTimer", "WithRetries"],
            registry.OrchestrationNames.Order(StringComparer.Ordinal));
        Assert.Equal(
            ["Flaky", "Notify", "ReserveFlightAsync", "Shout", "Slow", "Total", "reserve-hotel"],
            registry.ActivityNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Generated_registration_registers_only_what_the_filter_includes()
    {
        var activitiesOfOneClass = new WorkflowRegistry().AddGeneratedWorkflows(
            new Services(_desk), include: d => d.Kind == WorkflowKind.Activity && d.DeclaringType == typeof(TravelActivities) && d.MethodName != "Slow");
        var firstRelease = new WorkflowRegistry().AddGeneratedWorkflows(include: d => d.Version != "2");

        Assert.Empty(activitiesOfOneClass.OrchestrationNames);
        Assert.Equal(["Flaky", "Notify", "ReserveFlightAsync", "Shout", "Total", "reserve-hotel"], activitiesOfOneClass.ActivityNames.Order(StringComparer.Ordinal));
        Assert.Contains("Greeting@1", firstRelease.OrchestrationNames);
        Assert.DoesNotContain("Greeting@2", firstRelease.OrchestrationNames);
    }

    [Fact]
    public async Task An_instance_method_whose_dependency_is_missing_fails_the_call_with_a_message_that_says_so()
    {
        await StartWorkerAsync(services: null);

        var handle = await _client.StartBookTripAsync(new TripRequest("Ada", "Lisbon", 1));

        var failure = await Assert.ThrowsAsync<OrchestrationFailedException>(() => handle.WaitForResultAsync(Timeout));
        Assert.Contains("needs a service of type 'WorkflowSdk.Generators.EndToEnd.TravelDesk'", failure.Message, StringComparison.Ordinal);
    }

    private Backends.WorkflowBackend OpenBackend() =>
        SqliteBackend.Open(Path.Combine(_directory, "workflows.db"), new SqliteBackendOptions
        {
            LeaseDuration = TimeSpan.FromSeconds(5),
            PollInterval = TimeSpan.FromMilliseconds(20),
        });

    private Task<WorkflowWorker> StartWorkerAsync() => StartWorkerAsync(new Services(_desk));

    private async Task<WorkflowWorker> StartWorkerAsync(IServiceProvider? services)
    {
        var registry = new WorkflowRegistry().AddGeneratedWorkflows(services);
        var worker = new WorkflowWorker(_workers.Count == 0 ? _backend : OpenBackend(), registry, new WorkflowWorkerOptions
        {
            PayloadSerializer = new TypedOnlySerializer(),
            ReceiveWait = TimeSpan.FromMilliseconds(100),
            ErrorRetryDelay = TimeSpan.FromMilliseconds(50),
        });
        _workers.Add(worker);
        await worker.StartAsync();
        return worker;
    }

    private static Task WaitUntilAsync(OrchestrationHandle handle, Func<OrchestrationStatus, bool> condition, string what) =>
        Eventually.Value(
            ct => handle.GetStatusAsync(includeHistory: true, ct),
            status => status is not null && condition(status),
            $"instance '{handle.InstanceId}' {what}",
            status => $"it is {status?.RuntimeStatus.ToString() ?? "not found"}",
            Timeout);

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
