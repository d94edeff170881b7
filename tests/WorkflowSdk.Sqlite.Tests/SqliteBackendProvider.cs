using WorkflowSdk.Backends;
using WorkflowSdk.Conformance;

namespace WorkflowSdk.Sqlite.Tests;

/// <summary>A fresh SQLite file in a temporary directory per test.</summary>
/// <param name="separateTransport">
/// When <see langword="true"/>, the store and the transport live in two different files, so nothing is shared
/// between them: messages go through the store's outbox and the relay, as with RabbitMQ.
/// </param>
public sealed class SqliteBackendProvider(bool separateTransport = false) : IBackendProvider
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "workflowsdk-tests", Guid.NewGuid().ToString("N"));

    public string Name => separateTransport ? "sqlite+relay" : "sqlite";

    public TimeSpan LeaseDuration => TestOptions().LeaseDuration;

    public string DatabasePath => Path.Combine(_directory, "workflows.db");

    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public static SqliteBackendOptions TestOptions() => new()
    {
        LeaseDuration = TimeSpan.FromSeconds(2),
        PollInterval = TimeSpan.FromMilliseconds(20),
    };

    public WorkflowBackend Create()
    {
        Directory.CreateDirectory(_directory);
        var options = TestOptions();
        options.TimeProvider = Clock;
        if (!separateTransport)
        {
            return SqliteBackend.Open(DatabasePath, options);
        }

        return new WorkflowBackend(
            new SqliteBackend(DatabasePath, options),
            new SqliteBackend(Path.Combine(_directory, "transport.db"), TestOptions()));
    }

    public void Configure(WorkflowWorkerOptions options)
    {
        options.ActivityLeaseRenewalInterval = TimeSpan.FromMilliseconds(500);
        options.RelayLease = TimeSpan.FromSeconds(3);
    }

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
