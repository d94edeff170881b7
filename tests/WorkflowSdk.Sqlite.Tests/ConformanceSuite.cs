using WorkflowSdk.Conformance;
using Xunit.Abstractions;

namespace WorkflowSdk.Sqlite.Tests;

// The shared conformance suite, run on the embedded SQLite backend (store and transport in one file).
public sealed class SqliteOrchestrationSemanticsTests : OrchestrationSemanticsTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider();
}

public sealed class SqliteExternalEventTests : ExternalEventTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider();
}

public sealed class SqliteFailureAndRetryTests : FailureAndRetryTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider();
}

public sealed class SqliteInstanceManagementTests : InstanceManagementTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider();
}

public sealed class SqliteContinueAsNewAndTimerTests : ContinueAsNewAndTimerTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider();
}

public sealed class SqliteBadInputTests : BadInputTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider();
}

// The same suite with the store and the transport in two files: every message goes through the store's outbox
// and the relay, the way a separate transport (RabbitMQ) is used.
public sealed class RelayedOrchestrationSemanticsTests : OrchestrationSemanticsTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider(separateTransport: true);
}

public sealed class RelayedExternalEventTests : ExternalEventTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider(separateTransport: true);
}

public sealed class RelayedFailureAndRetryTests : FailureAndRetryTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider(separateTransport: true);
}

public sealed class RelayedInstanceManagementTests : InstanceManagementTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider(separateTransport: true);
}

public sealed class RelayedContinueAsNewAndTimerTests : ContinueAsNewAndTimerTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider(separateTransport: true);
}

public sealed class RelayedBadInputTests : BadInputTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider(separateTransport: true);
}

// The store and transport conformance suites, on one file and on two files.
public sealed class SqliteStoreConformanceTests : StoreConformanceTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider();
}

public sealed class SqliteTransportConformanceTests : TransportConformanceTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider();
}

public sealed class RelayedStoreConformanceTests : StoreConformanceTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider(separateTransport: true);
}

public sealed class RelayedTransportConformanceTests : TransportConformanceTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider(separateTransport: true);
}

// Worker processes killed at random moments and workers racing with short leases, on one file.
public sealed class SqliteCrashDurabilityTests(ITestOutputHelper output) : CrashDurabilityTests(output)
{
    protected override IWorkerProcessProvider CreateWorkerProcessProvider() => new SqliteBackendProvider();
}

// Damaged rows in the file: the instance is failed with a clear reason and the worker keeps running.
public sealed class SqliteDamagedDataTests : DamagedDataTests
{
    protected override IDamagedDataProvider CreateDamagedDataProvider() => new SqliteBackendProvider();
}
