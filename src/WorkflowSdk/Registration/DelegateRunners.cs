using WorkflowSdk.Serialization;

namespace WorkflowSdk.Registration;

/// <summary>An orchestration given as a delegate with typed input and output.</summary>
internal sealed class DelegateOrchestrationRunner<TInput, TOutput>(
    string name,
    Func<OrchestrationContext, TInput, Task<TOutput>> orchestration) : IOrchestrationRunner
{
    public async Task<byte[]?> RunAsync(OrchestrationContext context, byte[]? input, PayloadCodec codec)
    {
        var typedInput = codec.Decode<TInput>(input, $"input of orchestration '{name}'");
        var output = await orchestration(context, typedInput);
        return codec.Encode(output, $"result of orchestration '{name}'");
    }
}

/// <summary>An activity given as a delegate with typed input and output.</summary>
internal sealed class DelegateActivityRunner<TInput, TOutput>(
    string name,
    Func<ActivityContext, TInput, Task<TOutput>> activity) : IActivityRunner
{
    public async Task<byte[]?> RunAsync(ActivityContext context, byte[]? input, PayloadCodec codec)
    {
        var typedInput = codec.Decode<TInput>(input, $"input of activity '{name}'");
        var output = await activity(context, typedInput).ConfigureAwait(false);
        return codec.Encode(output, $"result of activity '{name}'");
    }
}
