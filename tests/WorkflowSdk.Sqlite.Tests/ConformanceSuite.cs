using WorkflowSdk.Conformance;

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
