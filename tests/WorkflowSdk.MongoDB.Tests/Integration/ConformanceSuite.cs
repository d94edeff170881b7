using WorkflowSdk.Conformance;
using Xunit.Abstractions;
using static WorkflowSdk.MongoDB.Tests.Integration.MongoBackendProvider;

namespace WorkflowSdk.MongoDB.Tests.Integration;

// The shared conformance suites on the MongoDB store (transaction-free protocol) with a SQLite file as the transport:
// every message goes through the MongoDB outbox and the relay. They run when WORKFLOWSDK_MONGODB_URI is set and are
// reported as skipped otherwise.
[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoStoreConformanceTests : StoreConformanceTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider();
}

[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoOrchestrationSemanticsTests : OrchestrationSemanticsTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider();
}

[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoExternalEventTests : ExternalEventTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider();
}

[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoFailureAndRetryTests : FailureAndRetryTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider();
}

[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoInstanceManagementTests : InstanceManagementTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider();
}

[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoContinueAsNewAndTimerTests : ContinueAsNewAndTimerTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider();
}

[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoBadInputTests : BadInputTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider();
}

[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoTransportConformanceTests : TransportConformanceTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider();
}

// The same store suite and end-to-end semantics with transactions allowed: on a replica set this exercises the
// transaction fast path; on a standalone mongod it is the transaction-free protocol again.
[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoTransactionalStoreConformanceTests : StoreConformanceTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider(MongoDBTransactionMode.Auto);
}

[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoTransactionalOrchestrationSemanticsTests : OrchestrationSemanticsTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider(MongoDBTransactionMode.Auto);
}

// The crash tests of the SQLite backend, on the MongoDB store (transaction-free protocol) with a SQLite transport:
// worker processes killed at random moments, and workers racing with leases shorter than the work. Fewer instances
// and longer waits than on SQLite: every store call is a round trip to the server.
[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoCrashDurabilityTests(ITestOutputHelper output) : CrashDurabilityTests(output)
{
    protected override int Instances => 100;

    protected override TimeSpan CompletionTimeout => TimeSpan.FromMinutes(3);

    protected override (int From, int To) FirstKillAfter => (200, 800);

    protected override (int From, int To) SecondKillAfter => (50, 400);

    protected override int RacingInstances => 30;

    protected override IWorkerProcessProvider CreateWorkerProcessProvider() => new MongoBackendProvider();
}

// Damaged documents in the database: the instance is failed with a clear reason and the worker keeps running.
[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoDamagedDataTests : DamagedDataTests
{
    protected override IDamagedDataProvider CreateDamagedDataProvider() => new MongoBackendProvider();
}
