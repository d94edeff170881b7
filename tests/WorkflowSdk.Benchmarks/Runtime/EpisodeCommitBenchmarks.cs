using BenchmarkDotNet.Attributes;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.Sqlite;

namespace WorkflowSdk.Benchmarks.Runtime;

/// <summary>
/// Committing one episode to the embedded SQLite backend (a real file, durable: WAL, committed before the call
/// returns): four history events, the instance record and one activity call in the outbox. Alone, and sixteen
/// instances committing at once (what a busy worker does; the backend's group commit shares one transaction).
/// </summary>
[Config(typeof(RuntimeBenchmarkConfig))]
[MemoryDiagnoser]
public class EpisodeCommitBenchmarks
{
    private const int Concurrent = 16;
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private string _directory = null!;
    private SqliteBackend _backend = null!;
    private InstanceRecord[] _instances = null!;
    private int _taskId;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Directory.CreateTempSubdirectory("workflowsdk-bench-").FullName;
        _backend = new SqliteBackend(Path.Combine(_directory, "commit.db"));
        await _backend.InitializeAsync(CancellationToken.None);
        _instances = new InstanceRecord[Concurrent];
        for (var i = 0; i < Concurrent; i++)
        {
            var record = new InstanceRecord
            {
                InstanceId = $"commit-{i}",
                Name = "Bench",
                ExecutionId = Guid.NewGuid().ToString("N"),
                Status = OrchestrationRuntimeStatus.Pending,
                CreatedAt = Now,
                LastUpdatedAt = Now,
            };
            var start = new WorkMessage
            {
                MessageId = WorkMessage.NewId(),
                InstanceId = record.InstanceId,
                ExecutionId = record.ExecutionId,
                Event = new ExecutionStartedEvent { Timestamp = Now, Name = record.Name, ExecutionId = record.ExecutionId },
            };
            await _backend.CreateInstanceAsync(record, start, reuseFinished: false, outboxClaimDuration: null, CancellationToken.None);
            _instances[i] = (await _backend.GetInstanceAsync(record.InstanceId, CancellationToken.None))!;
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _backend.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "one episode commit")]
    public Task CommitOne() => CommitAsync(0);

    [Benchmark(Description = "16 concurrent episode commits (per commit)", OperationsPerInvoke = Concurrent)]
    public Task CommitSixteen()
    {
        var commits = new Task[Concurrent];
        for (var i = 0; i < Concurrent; i++)
        {
            commits[i] = CommitAsync(i);
        }

        return Task.WhenAll(commits);
    }

    private async Task CommitAsync(int index)
    {
        var record = _instances[index];
        var taskId = Interlocked.Increment(ref _taskId);
        var commit = new EpisodeCommit
        {
            Instance = record with { Status = OrchestrationRuntimeStatus.Running, LastUpdatedAt = Now },
            ExpectedRevision = record.Revision,
            NewEvents =
            [
                new OrchestratorStartedEvent { Timestamp = Now },
                new TaskCompletedEvent { Timestamp = Now, TaskId = taskId - 1, Result = [0x01] },
                new TaskScheduledEvent { Timestamp = Now, TaskId = taskId, Name = "Increment", Input = [0x01] },
                new OrchestratorCompletedEvent { Timestamp = Now },
            ],
            Outbox =
            [
                new WorkMessage
                {
                    MessageId = WorkMessage.NewId(),
                    InstanceId = record.InstanceId,
                    ExecutionId = record.ExecutionId,
                    Event = new TaskScheduledEvent { Timestamp = Now, TaskId = taskId, Name = "Increment", Input = [0x01] },
                },
            ],
        };
        var result = await _backend.CommitEpisodeAsync(commit, CancellationToken.None);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The commit of {record.InstanceId} at revision {record.Revision} conflicted.");
        }

        _instances[index] = record with { Revision = result.Revision };
    }
}
