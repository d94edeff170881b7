using WorkflowSdk.Conformance;

namespace WorkflowSdk.RabbitMQ.Tests;

// The whole shared conformance suite on RabbitMQ (transport) + SQLite (store), each test on its own task hub.
public sealed class RabbitMQOrchestrationSemanticsTests : OrchestrationSemanticsTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMQBackendProvider();
}

public sealed class RabbitMQExternalEventTests : ExternalEventTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMQBackendProvider();
}

public sealed class RabbitMQFailureAndRetryTests : FailureAndRetryTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMQBackendProvider();
}

public sealed class RabbitMQInstanceManagementTests : InstanceManagementTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMQBackendProvider();
}

public sealed class RabbitMQContinueAsNewAndTimerTests : ContinueAsNewAndTimerTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMQBackendProvider();
}

public sealed class RabbitMQBadInputTests : BadInputTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMQBackendProvider();
}

public sealed class RabbitMQStoreConformanceTests : StoreConformanceTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMQBackendProvider();
}

public sealed class RabbitMQTransportConformanceTests : TransportConformanceTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMQBackendProvider();
}

// The transport suite again on quorum queues (broker-side delivery counts).
public sealed class RabbitMQQuorumTransportConformanceTests : TransportConformanceTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMQBackendProvider(o => o.UseQuorumQueues = true);
}
