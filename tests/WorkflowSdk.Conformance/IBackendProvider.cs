using WorkflowSdk.Backends;

namespace WorkflowSdk.Conformance;

/// <summary>
/// How a backend under test is created. Each conformance test class takes one through its constructor; a backend
/// project's test assembly provides it (e.g. a fresh SQLite file per test, a fresh RabbitMQ virtual host...).
/// </summary>
public interface IBackendProvider
{
    /// <summary>A short name for messages (e.g. "sqlite").</summary>
    string Name { get; }

    /// <summary>
    /// Creates a backend for one test. Calling it again within the same test must give another handle on the
    /// <em>same</em> storage (as a second worker process would open it).
    /// </summary>
    /// <returns>A backend; the caller disposes it.</returns>
    WorkflowBackend Create();

    /// <summary>How long the backends this provider creates lease work to one receiver (tests wait this long for redelivery).</summary>
    TimeSpan LeaseDuration { get; }

    /// <summary>
    /// The clock the stores this provider creates read (due times, leases): <see cref="TimeProvider.System"/> unless a
    /// test sets a fake one (a <c>FakeTimeProvider</c>) before creating a backend, so that it can move time forward
    /// instead of waiting for something to fall due. A transport in the same object or file as the store (SQLite)
    /// reads it too; a separate transport keeps the system clock.
    /// </summary>
    TimeProvider Clock { get; set; }

    /// <summary>Adjusts worker options for tests (shorter leases, poll intervals...).</summary>
    /// <param name="options">The options to adjust.</param>
    void Configure(WorkflowWorkerOptions options)
    {
    }

    /// <summary>Releases the test's storage (deletes files, queues...).</summary>
    /// <returns>A task.</returns>
    ValueTask CleanupAsync() => ValueTask.CompletedTask;
}
