using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace WorkflowSdk.Hosting.Tests;

/// <summary>Builds worker hosts on a temporary SQLite file, as a worker host program would.</summary>
public sealed class TestHosts : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "workflowsdk-hosting-tests", Guid.NewGuid().ToString("N"));

    public TestHosts()
    {
        Directory.CreateDirectory(_directory);
        DatabasePath = Path.Combine(_directory, "workflows.db");
    }

    public string DatabasePath { get; }

    public Probe Probe { get; } = new();

    public ScopeLog Scopes { get; } = new();

    /// <summary>A host with the test workflows on <see cref="DatabasePath"/> (from configuration), not started.</summary>
    public IHost Build(
        Action<HostApplicationBuilder>? configure = null,
        IDictionary<string, string?>? settings = null,
        TimeSpan? shutdownTimeout = null,
        ILoggerProvider? logs = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var configuration = new Dictionary<string, string?>
        {
            ["WorkflowSdk:Sqlite:Path"] = DatabasePath,
            ["WorkflowSdk:Sqlite:PollInterval"] = "00:00:00.020",
            ["WorkflowSdk:Worker:ReceiveWait"] = "00:00:00.100",
            ["WorkflowSdk:Worker:BacklogSampleInterval"] = "00:00:00.050",
            ["WorkflowSdk:Client:MaxPollInterval"] = "00:00:00.020",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(30));
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }

        builder.Services.AddSingleton(Probe);
        builder.Services.AddSingleton(Scopes);
        builder.Services.AddScoped<Greeter>();
        builder.Services.AddWorkflowSdk(wf => wf
            .AddSqliteConfiguration()
            .AddMongoDBConfiguration()
            .AddRabbitMQConfiguration()
            .AddWorker((registry, services) => TestWorkflows.Register(registry, services)));
        configure?.Invoke(builder);
        return builder.Build();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine: the temporary directory is cleaned up later.
        }
    }
}
