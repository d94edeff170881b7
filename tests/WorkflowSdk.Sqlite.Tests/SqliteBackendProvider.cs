using WorkflowSdk.Backends;
using WorkflowSdk.Conformance;

namespace WorkflowSdk.Sqlite.Tests;

/// <summary>A fresh SQLite file in a temporary directory per test.</summary>
public sealed class SqliteBackendProvider : IBackendProvider
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "workflowsdk-tests", Guid.NewGuid().ToString("N"));

    public string Name => "sqlite";

    public string DatabasePath => Path.Combine(_directory, "workflows.db");

    public static SqliteBackendOptions TestOptions() => new()
    {
        LeaseDuration = TimeSpan.FromSeconds(3),
        PollInterval = TimeSpan.FromMilliseconds(20),
    };

    public WorkflowBackend Create()
    {
        Directory.CreateDirectory(_directory);
        return SqliteBackend.Open(DatabasePath, TestOptions());
    }

    public void Configure(WorkflowWorkerOptions options) => options.ActivityLeaseRenewalInterval = TimeSpan.FromSeconds(1);

    public ValueTask CleanupAsync()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a killed worker process; the temp directory is cleaned by the OS.
        }

        return ValueTask.CompletedTask;
    }
}
