using Microsoft.Extensions.Time.Testing;
using WorkflowSdk.Backends;
using WorkflowSdk.History;

namespace WorkflowSdk.Sqlite.Tests;

/// <summary>SQLite leases run out by time: a slow (not crashed) worker loses its lease and cannot complete after the new owner.</summary>
public sealed class SqliteLeaseTests
{
    [Fact]
    public async Task An_activity_call_whose_lease_ran_out_is_redelivered_and_only_the_new_owner_can_complete_it()
    {
        // The file reads a fake clock: the lease runs out when the test moves time past it, not after a real wait.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var provider = new SqliteBackendProvider { Clock = clock };
        await using var backend = provider.Create();
        await backend.InitializeAsync();
        var transport = backend.Transport;
        await transport.SendAsync(
            [new WorkMessage { MessageId = "call", InstanceId = "i1", ExecutionId = "e", Event = new TaskScheduledEvent { TaskId = 0, Name = "Slow" } }],
            default);

        var slow = (await transport.ReceiveActivityWorkItemAsync(TimeSpan.FromSeconds(5), default))!;
        var taking = transport.ReceiveActivityWorkItemAsync(provider.LeaseDuration + TimeSpan.FromSeconds(5), default);
        clock.Advance(provider.LeaseDuration);
        // Small steps after the jump, so that the file's poll (a timer on the same clock) runs again whenever it was set.
        await Eventually.Until(
            () =>
            {
                clock.Advance(TimeSpan.FromMilliseconds(20));
                return taking.IsCompleted;
            },
            "the call whose lease ran out is delivered again");
        var taken = await taking;

        Assert.NotNull(taken);
        Assert.Equal(2, taken.DeliveryCount);
        Assert.False(await slow.RenewLeaseAsync(default));
        Assert.False(await slow.CompleteAsync(Result(slow.Message), default));
        Assert.True(await taken.CompleteAsync(Result(taken.Message), default));
        var results = (await transport.ReceiveOrchestrationWorkItemAsync(TimeSpan.FromSeconds(5), default))!;
        Assert.Single(results.Messages);
        await provider.CleanupAsync();
    }

    private static WorkMessage Result(WorkMessage call) =>
        call with { MessageId = call.MessageId + ".result", Event = new TaskCompletedEvent { TaskId = 0, Result = [1] } };
}
