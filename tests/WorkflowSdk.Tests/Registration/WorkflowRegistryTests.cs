using WorkflowSdk.Serialization;

namespace WorkflowSdk.Tests.Registration;

public sealed class WorkflowRegistryTests
{
    private static readonly PayloadCodec Codec = new(new MessagePackPayloadSerializer());

    [Fact]
    public async Task Decorated_activities_run_through_the_decorator_with_their_name()
    {
        var seen = new List<string>();
        var registry = new WorkflowRegistry()
            .AddActivity<int, int>("Double", x => x * 2)
            .AddActivity<string, string>("Echo", s => s);

        registry.DecorateActivities((name, runner) => new Recording(name, runner, seen));
        var output = await registry.FindActivity("Double")!.RunAsync(
            new ActivityContext("i", "Double", 0, 1, CancellationToken.None), Codec.Encode(21, "in"), Codec);

        Assert.Equal(42, Codec.Decode<int>(output, "out"));
        Assert.Equal(["Double"], seen);
        Assert.IsType<Recording>(registry.FindActivity("Echo"));
    }

    [Fact]
    public async Task Every_delegate_form_registers_without_casts_including_lambdas_that_only_throw()
    {
        var registry = new WorkflowRegistry()
            .AddActivity<string, string>("Throws", _ => throw new InvalidOperationException("down"))
            .AddActivity<string, string>("ThrowsWithContext", (_, _) => throw new InvalidOperationException("down too"))
            .AddActivity<int, int>("Sync", x => x + 1)
            .AddActivity<int, int>("Async", x => Task.FromResult(x + 2))
            .AddActivity<int>("NoResult", (_, _) => Task.CompletedTask)
            .AddOrchestration<string, string>("Fails", (_, _) => throw new InvalidOperationException("orchestration down"));
        var context = new ActivityContext("i", "Throws", 0, 1, CancellationToken.None);

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => registry.FindActivity("Throws")!.RunAsync(context, Codec.Encode("x", "in"), Codec));
        var sync = await registry.FindActivity("Sync")!.RunAsync(context, Codec.Encode(1, "in"), Codec);
        var async = await registry.FindActivity("Async")!.RunAsync(context, Codec.Encode(1, "in"), Codec);

        Assert.Equal("down", thrown.Message);
        Assert.Equal(2, Codec.Decode<int>(sync, "out"));
        Assert.Equal(3, Codec.Decode<int>(async, "out"));
    }

    private sealed class Recording(string name, IActivityRunner inner, List<string> seen) : IActivityRunner
    {
        public Task<byte[]?> RunAsync(ActivityContext context, byte[]? input, PayloadCodec codec)
        {
            seen.Add(name);
            return inner.RunAsync(context, input, codec);
        }
    }
}
