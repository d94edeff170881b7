using WorkflowSdk.Backends;

namespace WorkflowSdk.Conformance;

/// <summary>
/// A backend provider whose storage worker processes can share: <see cref="CrashDurabilityTests"/> start
/// <c>tests/WorkflowSdk.TestWorker</c> on it (through <see cref="StartWorker"/>) and kill them at random moments.
/// </summary>
public interface IWorkerProcessProvider : IBackendProvider
{
    /// <summary>The test worker's arguments for a worker on this provider's storage (the backend's name first).</summary>
    /// <param name="leaseDuration">How long the worker's backend leases work to it.</param>
    /// <returns>The arguments.</returns>
    IReadOnlyList<string> WorkerArguments(TimeSpan leaseDuration);

    /// <summary>Another handle on the same storage, like <see cref="IBackendProvider.Create"/>, whose work leases last <paramref name="leaseDuration"/>.</summary>
    /// <param name="leaseDuration">How long work is leased to one receiver.</param>
    /// <param name="pollInterval">How often the backend looks for work.</param>
    /// <returns>A backend; the caller disposes it.</returns>
    WorkflowBackend Create(TimeSpan leaseDuration, TimeSpan pollInterval);

    /// <summary>Starts a worker process on this provider's storage and waits until it is ready.</summary>
    /// <param name="leaseDuration">How long the worker's backend leases work to it.</param>
    /// <param name="output">Where the worker's warnings and errors go.</param>
    /// <returns>The running worker; dispose it (it is killed if it still runs).</returns>
    WorkerProcess StartWorker(TimeSpan leaseDuration, Xunit.Abstractions.ITestOutputHelper? output = null) =>
        WorkerProcess.Start(WorkerArguments(leaseDuration), output);
}
