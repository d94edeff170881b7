using Microsoft.Extensions.Logging;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.Replay;

/// <summary>What every executor of a worker shares: the registry, the payload codec and logging.</summary>
internal sealed class ExecutorEnvironment(WorkflowRegistry registry, PayloadCodec codec, ILoggerFactory loggerFactory)
{
    public WorkflowRegistry Registry { get; } = registry;

    public PayloadCodec Codec { get; } = codec;

    public ILoggerFactory LoggerFactory { get; } = loggerFactory;
}

/// <summary>The lifecycle of one execution inside the engine.</summary>
internal enum ExecutionState
{
    NotStarted,
    Running,
    Completed,
    Failed,
    Terminated,
    ContinuedAsNew,
}
