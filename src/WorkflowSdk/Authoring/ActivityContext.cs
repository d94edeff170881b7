namespace WorkflowSdk;

/// <summary>
/// Describes one activity call: the optional first parameter of an activity method.
/// </summary>
/// <param name="InstanceId">The id of the orchestration instance that called the activity.</param>
/// <param name="Name">The activity's name.</param>
/// <param name="TaskId">The call's task id in the caller's history; with <paramref name="InstanceId"/> it identifies the call (useful as an idempotency key).</param>
/// <param name="DeliveryCount">How many times this call has been handed to a worker, this time included (above 1 after a crash or a lost lease).</param>
/// <param name="CancellationToken">Signalled when the worker shuts down or loses the call's lease; the call is then run again elsewhere.</param>
public sealed record ActivityContext(
    string InstanceId,
    string Name,
    int TaskId,
    int DeliveryCount,
    CancellationToken CancellationToken);
