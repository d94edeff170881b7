using WorkflowSdk.Conformance;
using WorkflowSdk.Conformance.Scenarios;

namespace WorkflowSdk.RabbitMQ.Tests;

// Every sample's scenario, end to end on RabbitMQ (transport) + SQLite (store), each on its own task hub.
public sealed class RabbitMQTripBookingScenarioTests : TripBookingScenarioTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMQBackendProvider();
}

public sealed class RabbitMQVideoEncodingScenarioTests : VideoEncodingScenarioTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMQBackendProvider();
}

public sealed class RabbitMQCronBillingScenarioTests : CronBillingScenarioTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMQBackendProvider();
}

public sealed class RabbitMQFundsTransferScenarioTests : FundsTransferScenarioTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMQBackendProvider();
}

public sealed class RabbitMQRetryWithBackoffScenarioTests : RetryWithBackoffScenarioTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMQBackendProvider();
}

public sealed class RabbitMQQuoteWithTimeoutScenarioTests : QuoteWithTimeoutScenarioTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMQBackendProvider();
}

public sealed class RabbitMQHumanApprovalScenarioTests : HumanApprovalScenarioTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMQBackendProvider();
}

public sealed class RabbitMQVersioningScenarioTests : VersioningScenarioTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMQBackendProvider();
}

public sealed class RabbitMQCachedAndReplayedRunsAgreeTests : CachedAndReplayedRunsAgreeTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMQBackendProvider();
}
