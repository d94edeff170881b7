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

    private sealed class Recording(string name, IActivityRunner inner, List<string> seen) : IActivityRunner
    {
        public Task<byte[]?> RunAsync(ActivityContext context, byte[]? input, PayloadCodec codec)
        {
            seen.Add(name);
            return inner.RunAsync(context, input, codec);
        }
    }
}
