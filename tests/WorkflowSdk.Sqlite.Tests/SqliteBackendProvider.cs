using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using WorkflowSdk.Backends;
using WorkflowSdk.Conformance;
using WorkflowSdk.History;

namespace WorkflowSdk.Sqlite.Tests;

/// <summary>A fresh SQLite file in a temporary directory per test.</summary>
/// <param name="separateTransport">
/// When <see langword="true"/>, the store and the transport live in two different files, so nothing is shared
/// between them: messages go through the store's outbox and the relay, as with RabbitMQ.
/// </param>
public sealed class SqliteBackendProvider(bool separateTransport = false) : IWorkerProcessProvider, IDamagedDataProvider
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

    public WorkflowBackend Create(TimeSpan leaseDuration, TimeSpan pollInterval)
    {
        if (separateTransport)
        {
            throw new NotSupportedException("The crash tests run on one file.");
        }

        Directory.CreateDirectory(_directory);
        return SqliteBackend.Open(DatabasePath, new SqliteBackendOptions { LeaseDuration = leaseDuration, PollInterval = pollInterval, TimeProvider = Clock });
    }

    public IReadOnlyList<string> WorkerArguments(TimeSpan leaseDuration) => separateTransport
        ? throw new NotSupportedException("The test worker runs on one file.")
        : ["sqlite", DatabasePath, ((int)leaseDuration.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture)];

    public Task DamageHistoryAsync(WorkflowTestHost host, string instanceId)
    {
        Execute("UPDATE history SET events = x'deadbeef' WHERE instance_id = $id", instanceId);
        return Task.CompletedTask;
    }

    public string DamagedHistoryReason(string instanceId) => "^" + Regex.Escape(
        $"The stored history of instance '{instanceId}' could not be read: the history row written at revision 2 is damaged");

    public Task InjectUndecodableMessageAsync(WorkflowTestHost host, string instanceId)
    {
        Execute("INSERT INTO messages (queue, instance_id, visible_at, body) VALUES (0, $id, 0, x'0102030405')", instanceId);
        return Task.CompletedTask;
    }

    public Task AssertUndecodableMessageDeadLetteredAsync(WorkflowTestHost host, string instanceId, OrchestrationStatus status)
    {
        Assert.Matches(
            $@"^A message for instance '{Regex.Escape(instanceId)}' \(orchestration queue, row \d+\) could not be decoded; it was moved to the dead_letters table\.$",
            status.FailureDetails!.Message);
        Assert.Single(status.Events<ExecutionFailedEvent>());
        Assert.Equal(1L, Scalar("SELECT COUNT(*) FROM dead_letters WHERE instance_id = $id", instanceId));
        return Task.CompletedTask;
    }

    public void Configure(WorkflowWorkerOptions options)
    {
        options.ActivityLeaseRenewalInterval = TimeSpan.FromMilliseconds(500);
        options.OutboxClaimDuration = TimeSpan.FromSeconds(3);
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

    private void Execute(string sql, string instanceId)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", instanceId);
        Assert.True(command.ExecuteNonQuery() > 0, $"'{sql}' changed nothing");
    }

    private object? Scalar(string sql, string instanceId)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", instanceId);
        return command.ExecuteScalar();
    }
}
