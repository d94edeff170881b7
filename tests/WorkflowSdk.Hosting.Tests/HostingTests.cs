using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkflowSdk.History;

namespace WorkflowSdk.Hosting.Tests;

public sealed class HostingTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly TestHosts _hosts = new();

    [Fact]
    public async Task Shutdown_lets_in_flight_activities_finish_and_records_each_completion_once()
    {
        _hosts.Probe.SlowDuration = TimeSpan.FromSeconds(1);
        string[] ids;
        using (var host = _hosts.Build(shutdownTimeout: TimeSpan.FromSeconds(20)))
        {
            await host.StartAsync();
            var client = host.Services.GetRequiredService<WorkflowClient>();
            ids = await Task.WhenAll(Enumerable.Range(1, 3).Select(i => client.StartOrchestrationAsync("SlowThenFast", $"k{i}", $"graceful-{i}")));
            for (var i = 0; i < ids.Length; i++)
            {
                Assert.True(await _hosts.Probe.SlowStarted.WaitAsync(Wait), "the slow activities start");
            }

            await host.StopAsync();
        }

        // Stopped mid-way: the slow calls finished and their results are queued; nothing ran twice.
        Assert.All(ids, (_, i) => Assert.Equal(1, _hosts.Probe.Runs($"slow:k{i + 1}")));
        Assert.All(ids, (_, i) => Assert.Equal(0, _hosts.Probe.Runs($"fast:k{i + 1}:slow")));

        using (var host = _hosts.Build())
        {
            await host.StartAsync();
            var client = host.Services.GetRequiredService<WorkflowClient>();
            foreach (var (id, i) in ids.Select((id, i) => (id, i + 1)))
            {
                var done = await client.WaitForCompletionAsync(id, Wait);
                Assert.Equal($"k{i}:slow:fast", done.ReadOutputAs<string>());
                AssertEachTaskCompletedOnce(await client.GetStatusAsync(id, includeHistory: true), expectedTasks: 2);
            }

            await host.StopAsync();
        }

        Assert.All(ids, (_, i) => Assert.Equal(1, _hosts.Probe.Runs($"slow:k{i + 1}")));
        Assert.All(ids, (_, i) => Assert.Equal(1, _hosts.Probe.Runs($"fast:k{i + 1}:slow")));
    }

    [Fact]
    public async Task Activities_still_running_at_the_shutdown_timeout_are_released_and_run_again_without_a_duplicate_completion()
    {
        _hosts.Probe.SlowDuration = TimeSpan.FromSeconds(20);
        string id;
        using (var host = _hosts.Build(shutdownTimeout: TimeSpan.FromMilliseconds(300)))
        {
            await host.StartAsync();
            var client = host.Services.GetRequiredService<WorkflowClient>();
            id = await client.StartOrchestrationAsync("SlowThenFast", "r", "released");
            Assert.True(await _hosts.Probe.SlowStarted.WaitAsync(Wait));
            var stopping = System.Diagnostics.Stopwatch.StartNew();
            await host.StopAsync();
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stopping.Elapsed}");
        }

        _hosts.Probe.SlowDuration = TimeSpan.FromMilliseconds(10);
        using (var host = _hosts.Build())
        {
            await host.StartAsync();
            var client = host.Services.GetRequiredService<WorkflowClient>();
            var done = await client.WaitForCompletionAsync(id, Wait);
            Assert.Equal("r:slow:fast", done.ReadOutputAs<string>());
            AssertEachTaskCompletedOnce(await client.GetStatusAsync(id, includeHistory: true), expectedTasks: 2);
            await host.StopAsync();
        }

        Assert.Equal(2, _hosts.Probe.Runs("slow:r")); // at least once: cancelled on the first host, run again on the second
        Assert.Equal(1, _hosts.Probe.Runs("fast:r:slow"));
    }

    [Theory]
    [InlineData("WorkflowSdk:Worker:MaxConcurrentActivities", "0", "WorkflowSdk:Worker:MaxConcurrentActivities must be positive (it is 0).")]
    [InlineData("WorkflowSdk:Worker:MaxConcurentActivities", "4", "Unknown setting 'WorkflowSdk:Worker:MaxConcurentActivities'.")]
    [InlineData("WorkflowSdk:Worker:Retention:BatchSize", "0", "Retention.BatchSize must be between 1 and 1,000 (it is 0).")]
    [InlineData("WorkflowSdk:Sqlite:LeaseDuration", "soon", "WorkflowSdk:Sqlite:LeaseDuration")]
    [InlineData("WorkflowSdk:Sqlite:PollInterval", "-00:00:01", "WorkflowSdk:Sqlite:PollInterval must be positive (it is -00:00:01).")]
    [InlineData("WorkflowSdk:Sqlite:Path", "/no/such/directory/workflows.db", "WorkflowSdk:Sqlite:Path is '/no/such/directory/workflows.db', but the directory '/no/such/directory' does not exist.")]
    [InlineData("WorkflowSdk:MongoDB:ConnectionString", "mongodb://db/workflows", "WorkflowSdk:MongoDB is a store only and no transport is configured")]
    [InlineData("WorkflowSdk:Client:MaxPayloadBytes", "many", "WorkflowSdk:Client:MaxPayloadBytes")]
    [InlineData("WorkflowSdk:Sqllite:Path", "x.db", "Unknown setting 'WorkflowSdk:Sqllite'.")]
    [InlineData("WorkflowSdk:RabbitMQ:ConnectionString", "http://guest:secret@mq/", "WorkflowSdk:RabbitMQ:ConnectionString must be an amqp:// or amqps:// URI (it is 'http://guest:****@mq/').")]
    public async Task Invalid_configuration_stops_the_start_with_a_message_naming_the_setting(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key.StartsWith("WorkflowSdk:MongoDB", StringComparison.Ordinal))
        {
            settings["WorkflowSdk:Sqlite:Path"] = null;
        }

        using var host = _hosts.Build(settings: settings);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_hosts.DatabasePath), "nothing was opened before the configuration was checked");
    }

    [Fact]
    public async Task A_host_without_a_backend_fails_at_start_saying_how_to_configure_one()
    {
        using var host = _hosts.Build(settings: new Dictionary<string, string?> { ["WorkflowSdk:Sqlite:Path"] = null });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("No WorkflowSdk backend is configured. Set 'WorkflowSdk:Sqlite:Path'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_configuration_wins_over_the_configuration_section()
    {
        var other = Path.Combine(Path.GetDirectoryName(_hosts.DatabasePath)!, "from-code.db");
        using var host = _hosts.Build(configure: b => b.Services.AddWorkflowSdk(wf => wf.UseSqlite(other, o => o.PollInterval = TimeSpan.FromMilliseconds(20))));

        await host.StartAsync();
        var client = host.Services.GetRequiredService<WorkflowClient>();
        await client.WaitForCompletionAsync(await client.StartOrchestrationAsync("Chain", "x"), Wait);
        await host.StopAsync();

        Assert.True(File.Exists(other));
        Assert.Contains("from-code.db", host.Services.GetRequiredService<HostedBackend>().Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_activity_execution_gets_its_own_scope_which_is_disposed_when_it_ends()
    {
        using var host = _hosts.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<WorkflowClient>();

        var done = await client.WaitForCompletionAsync(await client.StartOrchestrationAsync("Greet", new[] { "Ada", "Alan", "Grace" }), Wait);
        await host.StopAsync();

        var greetings = done.ReadOutputAs<string[]>();
        var greeterIds = greetings.Select(g => g[(g.LastIndexOf('#') + 1)..]).ToList();
        Assert.Equal(3, greeterIds.Distinct().Count());
        Assert.Equal(_hosts.Scopes.Created.Order(), _hosts.Scopes.Disposed.Order());
        Assert.Equal(3, _hosts.Scopes.Created.Count);
    }

    [Fact]
    public async Task The_health_check_reports_a_running_worker_healthy_and_a_stopped_one_degraded()
    {
        using var host = _hosts.Build(configure: b => b.Services.AddHealthChecks().AddWorkflowSdk());
        var health = host.Services.GetRequiredService<HealthCheckService>();

        await host.StartAsync();
        var running = await health.CheckHealthAsync();
        await host.StopAsync();
        var stopped = await health.CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, running.Status);
        Assert.Equal("The WorkflowSdk worker is receiving work.", running.Entries["workflowsdk"].Description);
        Assert.Contains("SQLite", (string)running.Entries["workflowsdk"].Data["backend"], StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Degraded, stopped.Status);
    }

    [Fact]
    public async Task The_health_check_reports_a_store_that_does_not_answer_as_unhealthy()
    {
        using var host = _hosts.Build(configure: b => b.Services.AddHealthChecks().AddWorkflowSdk());
        var health = host.Services.GetRequiredService<HealthCheckService>();
        await host.StartAsync();
        await host.StopAsync();
        await host.Services.GetRequiredService<HostedBackend>().DisposeAsync();

        var report = await health.CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.StartsWith("The WorkflowSdk store (SQLite", report.Entries["workflowsdk"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_safe_logs_appear_once_per_step_with_the_instance_in_their_scope_although_every_episode_replays()
    {
        using var logs = new ScopeCapturingLoggerProvider();
        using var host = _hosts.Build(settings: new Dictionary<string, string?> { ["WorkflowSdk:Worker:CacheCapacity"] = "0" }, logs: logs);
        await host.StartAsync();
        var client = host.Services.GetRequiredService<WorkflowClient>();

        await client.WaitForCompletionAsync(await client.StartOrchestrationAsync("Chain", "log", "logged"), Wait);
        await host.StopAsync();

        var steps = logs.Entries.Where(e => e.Category == "TestWorkflows.Chain").ToList();
        Assert.Equal(["Chain step 1 of logged", "Chain step 2 of logged", "Chain step 3 of logged", "Chain step 4 of logged"], steps.Select(e => e.Message));
        Assert.All(steps, e => Assert.Equal("logged", e.Scope.GetValueOrDefault("InstanceId")));
        var activityLines = logs.Entries.Where(e => e.Scope.ContainsKey("ActivityName")).ToList();
        Assert.All(activityLines, e => Assert.True(e.Scope.ContainsKey("TaskId")));
        Assert.Contains(logs.Entries, e => e.Category == "WorkflowSdk.Worker" && e.EventId == 3 && e.Message.Contains("(Chain)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_configured_for_sqlite_and_rabbitmq_runs_the_chain_through_the_broker()
    {
        var hub = "hosting-" + Guid.NewGuid().ToString("N")[..8];
        using var host = _hosts.Build(settings: new Dictionary<string, string?>
        {
            ["WorkflowSdk:RabbitMQ:ConnectionString"] = Environment.GetEnvironmentVariable("WORKFLOWSDK_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5672/",
            ["WorkflowSdk:RabbitMQ:HubName"] = hub,
            ["WorkflowSdk:RabbitMQ:PartitionCount"] = "2",
            ["WorkflowSdk:Worker:RelayPollInterval"] = "00:00:00.050",
        });
        var backend = host.Services.GetRequiredService<HostedBackend>();
        try
        {
            await host.StartAsync();
            var client = host.Services.GetRequiredService<WorkflowClient>();

            var done = await client.WaitForCompletionAsync(await client.StartOrchestrationAsync("Chain", "rabbit"), Wait);
            await host.StopAsync();

            Assert.Equal("RABBIT!", done.ReadOutputAs<string>());
            Assert.Matches($"^SQLite .+ \\+ RabbitMQ .+ \\(hub {hub}\\)$", backend.Description);
            Assert.True(backend.Backend.UsesRelay);
        }
        finally
        {
            await ((RabbitMQ.RabbitMQTransport)backend.Backend.Transport).DeleteHubAsync();
        }
    }

    public void Dispose() => _hosts.Dispose();

    private static void AssertEachTaskCompletedOnce(OrchestrationStatus? status, int expectedTasks)
    {
        var history = status!.History!;
        var completed = history.OfType<TaskCompletedEvent>().GroupBy(e => e.TaskId).ToList();
        Assert.Equal(expectedTasks, completed.Count);
        Assert.All(completed, g => Assert.Single(g));
        Assert.Equal(expectedTasks, history.OfType<TaskScheduledEvent>().Count());
    }

    /// <summary>Keeps each log entry with the structured values of the scopes around it.</summary>
    private sealed class ScopeCapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<(string Category, int EventId, string Message, Dictionary<string, object?> Scope)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ScopeCapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
                owner._scopes.ForEachScope(
                    (value, values) =>
                    {
                        if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                        {
                            foreach (var (key, item) in pairs)
                            {
                                values[key] = item;
                            }
                        }
                    },
                    scope);
                owner.Entries.Enqueue((category, eventId.Id, formatter(state, exception), scope));
            }
        }
    }
}
