using WorkflowSdk.Conformance;
using WorkflowSdk.Conformance.Scenarios;
using static WorkflowSdk.MongoDB.Tests.Integration.MongoBackendProvider;

namespace WorkflowSdk.MongoDB.Tests.Integration;

// Every sample's scenario, end to end on the MongoDB store with a SQLite file as the transport. They run when
// WORKFLOWSDK_MONGODB_URI is set and are reported as skipped otherwise.
[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoTripBookingScenarioTests : TripBookingScenarioTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider();
}

[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoVideoEncodingScenarioTests : VideoEncodingScenarioTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider();
}

[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoCronBillingScenarioTests : CronBillingScenarioTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider();
}

[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoFundsTransferScenarioTests : FundsTransferScenarioTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider();
}

[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoRetryWithBackoffScenarioTests : RetryWithBackoffScenarioTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider();
}

[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoQuoteWithTimeoutScenarioTests : QuoteWithTimeoutScenarioTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider();
}

[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoHumanApprovalScenarioTests : HumanApprovalScenarioTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider();
}

[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoVersioningScenarioTests : VersioningScenarioTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider();
}

[RequiresEnvironment(UriVariable, Purpose)]
public sealed class MongoCachedAndReplayedRunsAgreeTests : CachedAndReplayedRunsAgreeTests
{
    protected override IBackendProvider CreateProvider() => new MongoBackendProvider();
}
