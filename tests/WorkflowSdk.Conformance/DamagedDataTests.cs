using WorkflowSdk.History;

namespace WorkflowSdk.Conformance;

/// <summary>
/// Damaged data in the storage (through <see cref="IDamagedDataProvider"/>): the instance is failed with a clear
/// reason and the worker keeps running.
/// </summary>
public abstract class DamagedDataTests : ConformanceTests
{
    /// <summary>The provider of fresh storage, which can also damage it.</summary>
    /// <returns>The provider.</returns>
    protected abstract IDamagedDataProvider CreateDamagedDataProvider();

    /// <inheritdoc/>
    protected sealed override IBackendProvider CreateProvider() => CreateDamagedDataProvider();

    [ConformanceFact]
    public async Task A_damaged_history_fails_its_instance_with_a_clear_reason_and_the_worker_keeps_running()
    {
        var provider = CreateDamagedDataProvider();
        await using var host = new WorkflowTestHost(provider);
        host.Registry
            .AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"))
            .AddOrchestration<string, string>("Echo", (_, input) => Task.FromResult(input));
        await host.StartWorkerAsync(o => o.CacheCapacity = 0);
        var id = await host.Client.StartOrchestrationAsync("Wait", instanceId: "damaged");
        await host.WaitUntilAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running, "running");

        await provider.DamageHistoryAsync(host, id);
        await host.Client.RaiseEventAsync(id, "go", "now");
        await host.Client.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));
        var status = (await host.Client.GetStatusAsync(id))!;
        var healthy = await host.RunAsync("Echo", "still running");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal(typeof(HistoryCorruptedException).FullName, status.FailureDetails!.ErrorType);
        Assert.Matches(provider.DamagedHistoryReason(id), status.FailureDetails.Message);
        Assert.Equal("still running", healthy.ReadOutputAs<string>());
        var reading = await Assert.ThrowsAsync<HistoryCorruptedException>(() => host.Client.GetStatusAsync(id, includeHistory: true));
        Assert.Equal("damaged", reading.InstanceId);
    }

    [ConformanceFact]
    public async Task A_message_that_cannot_be_decoded_is_dead_lettered_and_its_instance_failed_saying_so()
    {
        var provider = CreateDamagedDataProvider();
        await using var host = new WorkflowTestHost(provider);
        host.Registry
            .AddOrchestration<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go"))
            .AddOrchestration<string, string>("Echo", (_, input) => Task.FromResult(input));
        await host.StartWorkerAsync();
        var id = await host.Client.StartOrchestrationAsync("Wait", instanceId: "poisoned");
        await host.WaitUntilAsync(id, s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running, "running");

        await provider.InjectUndecodableMessageAsync(host, id);
        var status = await host.WaitAsync(id);
        var healthy = await host.RunAsync("Echo", "still running");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal("WorkflowSdk.PoisonMessage", status.FailureDetails!.ErrorType);
        await provider.AssertUndecodableMessageDeadLetteredAsync(host, id, status);
        Assert.Equal("still running", healthy.ReadOutputAs<string>());
    }
}
