using WorkflowSdk.Conformance;
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
