using WorkflowSdk.Conformance;

namespace WorkflowSdk.RabbitMQ.Tests;

// The whole shared conformance suite on RabbitMQ (transport) + SQLite (store), each test on its own task hub.
public sealed class RabbitMqOrchestrationSemanticsTests : OrchestrationSemanticsTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMqBackendProvider();
}

public sealed class RabbitMqExternalEventTests : ExternalEventTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMqBackendProvider();
}

public sealed class RabbitMqFailureAndRetryTests : FailureAndRetryTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMqBackendProvider();
}

public sealed class RabbitMqInstanceManagementTests : InstanceManagementTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMqBackendProvider();
}

public sealed class RabbitMqContinueAsNewAndTimerTests : ContinueAsNewAndTimerTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMqBackendProvider();
}

public sealed class RabbitMqBadInputTests : BadInputTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMqBackendProvider();
}

public sealed class RabbitMqStoreConformanceTests : StoreConformanceTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMqBackendProvider();
}

public sealed class RabbitMqTransportConformanceTests : TransportConformanceTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMqBackendProvider();
}

// The transport suite again on quorum queues (broker-side delivery counts).
public sealed class RabbitMqQuorumTransportConformanceTests : TransportConformanceTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMqBackendProvider(o => o.UseQuorumQueues = true);
}
