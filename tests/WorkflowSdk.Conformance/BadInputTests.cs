using WorkflowSdk.History;

namespace WorkflowSdk.Conformance;

/// <summary>Bad input gets a clear error and loses nothing; non-determinism is caught, never silent.</summary>
public abstract class BadInputTests : ConformanceTests
{
    [ConformanceFact]
    public async Task Starting_an_unknown_orchestration_fails_the_instance_naming_it_and_the_worker_keeps_running()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<string, string>("Known", (_, input) => Task.FromResult(input));
        await host.StartWorkerAsync();

        var unknown = await host.RunAsync("Unknwon", "x");
        var known = await host.RunAsync("Known", "still working");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, unknown.RuntimeStatus);
        Assert.Equal(typeof(OrchestrationNotFoundException).FullName, unknown.FailureDetails!.ErrorType);
        Assert.Equal(
            "No orchestration named 'Unknwon' is registered with this worker. Known orchestrations: 'Known'.",
            unknown.FailureDetails.Message);
        Assert.Equal("still working", known.ReadOutputAs<string>());
    }

    [ConformanceFact]
    public async Task An_input_that_does_not_deserialize_fails_the_instance_saying_what_and_as_which_type()
    {
        await using var host = CreateHost();
        host.Registry.AddOrchestration<Order, string>("Typed", (_, order) => Task.FromResult(order.Id));
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Typed", "not an order");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal(typeof(PayloadSerializationException).FullName, status.FailureDetails!.ErrorType);
        Assert.StartsWith(
            $"The input of orchestration 'Typed' could not be deserialized as {typeof(Order).FullName}:",
            status.FailureDetails.Message,
            StringComparison.Ordinal);
    }

    [ConformanceFact]
    public async Task An_activity_input_that_does_not_deserialize_fails_that_activity_call()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Caller", (ctx, _) => ctx.CallActivityAsync<string>("Typed", 42))
            .AddActivity<Order, string>("Typed", order => order.Id);
        await host.StartWorkerAsync();

        var status = await host.RunAsync("Caller");

        var failure = Assert.Single(status.Events<TaskFailedEvent>()).FailureDetails;
        Assert.Equal(typeof(PayloadSerializationException).FullName, failure.ErrorType);
        Assert.StartsWith("The input of activity 'Typed' could not be deserialized", failure.Message, StringComparison.Ordinal);
    }

    [ConformanceFact]
    public async Task A_payload_above_the_limit_is_refused_at_the_caller_with_the_sizes()
    {
        await using var host = CreateHost();
        var client = new WorkflowClient(host.Backend, new WorkflowClientOptions { MaxPayloadBytes = 1024 });

        var error = await Assert.ThrowsAsync<PayloadSerializationException>(() =>
            client.StartOrchestrationAsync("Any", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4096))));

        Assert.Contains("above the limit of 1,024 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("input of orchestration 'Any'", error.Message, StringComparison.Ordinal);
    }

    [ConformanceFact]
    public async Task History_written_by_one_version_of_the_code_and_replayed_by_changed_code_fails_the_instance_naming_the_step_and_both_sides()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Trip", async (ctx, _) =>
            {
                await ctx.CallActivityAsync<string>("BookFlight", "x");
                await ctx.WaitForExternalEvent<string>("continue");
                await ctx.CallActivityAsync<string>("BookHotel", "x");
                return "booked";
            })
            .AddActivity<string, string>("BookFlight", s => s)
            .AddActivity<string, string>("BookHotel", s => s)
            .AddActivity<string, string>("BookCar", s => s);
        var first = await host.StartWorkerAsync();
        var id = await host.Client.StartOrchestrationAsync("Trip");
        await host.WaitUntilAsync(id, s => s.Events<TaskCompletedEvent>().Count == 1, "flight booked");
        await first.StopAsync();

        // A new deployment changed the code under running instances.
        var changed = new WorkflowRegistry()
            .AddOrchestration<string, string>("Trip", async (ctx, _) =>
            {
                await ctx.CallActivityAsync<string>("BookCar", "x");
                await ctx.WaitForExternalEvent<string>("continue");
                return "changed";
            })
            .AddActivity<string, string>("BookCar", s => s);
        await using var second = new WorkflowWorker(host.NewBackend(), changed, new WorkflowWorkerOptions { ReceiveWait = TimeSpan.FromMilliseconds(200) });
        await second.StartAsync();
        await host.Client.RaiseEventAsync(id, "continue", "now");
        var status = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal(typeof(NonDeterminismException).FullName, status.FailureDetails!.ErrorType);
        var message = status.FailureDetails.Message;
        Assert.Contains($"Non-deterministic orchestration 'Trip' (instance '{id}') at step #0", message, StringComparison.Ordinal);
        Assert.Contains("history recorded a call to activity 'BookFlight' (task #0) at BadInputTests.cs:", message, StringComparison.Ordinal);
        Assert.Contains("but the code now scheduled a call to activity 'BookCar' (task #0) at BadInputTests.cs:", message, StringComparison.Ordinal);
    }

    [ConformanceFact]
    public async Task Code_that_schedules_less_than_history_recorded_is_caught_too()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("Fan", async (ctx, _) =>
            {
                await Task.WhenAll(ctx.CallActivityAsync<string>("A", "1"), ctx.CallActivityAsync<string>("A", "2"));
                await ctx.WaitForExternalEvent<string>("continue");
                return "done";
            })
            .AddActivity<string, string>("A", s => s);
        var first = await host.StartWorkerAsync();
        var id = await host.Client.StartOrchestrationAsync("Fan");
        await host.WaitUntilAsync(id, s => s.Events<TaskCompletedEvent>().Count == 2, "both done");
        await first.StopAsync();

        var changed = new WorkflowRegistry()
            .AddOrchestration<string, string>("Fan", async (ctx, _) =>
            {
                await ctx.CallActivityAsync<string>("A", "1");
                await ctx.WaitForExternalEvent<string>("continue");
                return "changed";
            })
            .AddActivity<string, string>("A", s => s);
        await using var second = new WorkflowWorker(host.NewBackend(), changed, new WorkflowWorkerOptions { ReceiveWait = TimeSpan.FromMilliseconds(200) });
        await second.StartAsync();
        await host.Client.RaiseEventAsync(id, "continue", "now");
        var status = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Contains("at step #1: history recorded a call to activity 'A' (task #1)", status.FailureDetails!.Message, StringComparison.Ordinal);
        Assert.Contains("but the code now did not schedule it", status.FailureDetails.Message, StringComparison.Ordinal);
    }

    [ConformanceFact]
#pragma warning disable WF0003, WF0009 // the misuse the analyzers flag is what this test feeds the runtime
    public async Task Awaiting_something_that_is_not_durable_fails_the_instance_with_an_explanation_instead_of_hanging()
    {
        await using var host = CreateHost();
        host.Registry
            .AddOrchestration<string, string>("CancelAsync", async (ctx, _) =>
            {
                using var cts = new CancellationTokenSource();
                var timer = ctx.CreateTimer(TimeSpan.FromHours(1), cts.Token);
                // CancelAsync runs the callbacks on the thread pool, outside any episode. A slow callback keeps its task
                // from finishing before the await looks at it (on an idle pool it sometimes did, and the await went on
                // synchronously, which made this test flaky).
                cts.Token.Register(() => Thread.Sleep(50));
                await cts.CancelAsync();
                return "unreachable";
            })
            .AddOrchestration<string, string>("Delay", async (ctx, _) =>
            {
                await Task.Delay(50);
                return "unreachable";
            });
        await host.StartWorkerAsync();

        foreach (var name in new[] { "CancelAsync", "Delay" })
        {
            var status = await host.RunAsync(name);

            Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
            Assert.Equal("WorkflowSdk.NonDurableWait", status.FailureDetails!.ErrorType);
            Assert.Contains($"Orchestration '{name}' (instance '{status.InstanceId}') awaited something that is not durable", status.FailureDetails.Message, StringComparison.Ordinal);
        }
    }

#pragma warning restore WF0003, WF0009

    public sealed record Order(string Id, decimal Amount);
}
