using WorkflowSdk.Conformance;
using WorkflowSdk.Conformance.Scenarios;

namespace WorkflowSdk.RabbitMQ.Tests;

// Every sample's scenario, end to end on RabbitMQ (transport) + SQLite (store), each on its own task hub.
public sealed class RabbitMqTripBookingScenarioTests : TripBookingScenarioTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMqBackendProvider();
}

public sealed class RabbitMqVideoEncodingScenarioTests : VideoEncodingScenarioTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMqBackendProvider();
}

public sealed class RabbitMqCronBillingScenarioTests : CronBillingScenarioTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMqBackendProvider();
}

public sealed class RabbitMqFundsTransferScenarioTests : FundsTransferScenarioTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMqBackendProvider();
}

public sealed class RabbitMqRetryWithBackoffScenarioTests : RetryWithBackoffScenarioTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMqBackendProvider();
}

public sealed class RabbitMqQuoteWithTimeoutScenarioTests : QuoteWithTimeoutScenarioTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMqBackendProvider();
}

public sealed class RabbitMqHumanApprovalScenarioTests : HumanApprovalScenarioTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMqBackendProvider();
}

public sealed class RabbitMqVersioningScenarioTests : VersioningScenarioTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMqBackendProvider();
}

public sealed class RabbitMqCachedAndReplayedRunsAgreeTests : CachedAndReplayedRunsAgreeTests
{
    protected override IBackendProvider CreateProvider() => new RabbitMqBackendProvider();
}
