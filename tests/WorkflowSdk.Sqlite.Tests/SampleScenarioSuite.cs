using WorkflowSdk.Conformance;
using WorkflowSdk.Conformance.Scenarios;

namespace WorkflowSdk.Sqlite.Tests;

// Every sample's scenario, end to end on the embedded SQLite backend (store and transport in one file).
public sealed class SqliteTripBookingScenarioTests : TripBookingScenarioTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider();
}

public sealed class SqliteVideoEncodingScenarioTests : VideoEncodingScenarioTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider();
}

public sealed class SqliteCronBillingScenarioTests : CronBillingScenarioTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider();
}

public sealed class SqliteFundsTransferScenarioTests : FundsTransferScenarioTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider();
}

public sealed class SqliteRetryWithBackoffScenarioTests : RetryWithBackoffScenarioTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider();
}

public sealed class SqliteQuoteWithTimeoutScenarioTests : QuoteWithTimeoutScenarioTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider();
}

public sealed class SqliteHumanApprovalScenarioTests : HumanApprovalScenarioTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider();
}

public sealed class SqliteVersioningScenarioTests : VersioningScenarioTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider();
}

public sealed class SqliteCachedAndReplayedRunsAgreeTests : CachedAndReplayedRunsAgreeTests
{
    protected override IBackendProvider CreateProvider() => new SqliteBackendProvider();
}
