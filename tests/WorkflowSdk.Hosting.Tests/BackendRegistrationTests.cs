using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkflowSdk.Sqlite;

namespace WorkflowSdk.Hosting.Tests;

/// <summary>Hosting knows no backend by name: backends come from the packages that add them.</summary>
public sealed class BackendRegistrationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "workflowsdk-hosting-tests", Guid.NewGuid().ToString("N"));

    public BackendRegistrationTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public void The_hosting_assembly_references_no_backend()
    {
        var references = typeof(HostedBackend).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain(references, name => name is "WorkflowSdk.Sqlite" or "WorkflowSdk.MongoDB" or "WorkflowSdk.RabbitMQ" or "MongoDB.Driver" or "RabbitMQ.Client");
    }

    [Fact]
    public async Task A_backend_section_is_an_unknown_setting_until_its_package_is_added()
    {
        using var host = Build(
            wf => wf.UseSqlite(Path.Combine(_directory, "workflows.db")),
            new Dictionary<string, string?> { ["WorkflowSdk:RabbitMQ:ConnectionString"] = "amqp://guest:guest@127.0.0.1:5672/" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Unknown setting 'WorkflowSdk:RabbitMQ'. The settings of 'WorkflowSdk' are: Sqlite, Worker, Client, ReleaseTimeout.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backend_of_another_package_is_configured_from_its_own_section()
    {
        var path = Path.Combine(_directory, "custom.db");
        using var host = Build(
            wf => wf.AddBackendProvider<FileBackendProvider>().AddWorker((registry, _) => registry.AddActivity<string, string>("Upper", (_, s) => Task.FromResult(s.ToUpperInvariant()))),
            new Dictionary<string, string?> { ["WorkflowSdk:File:Name"] = path });

        await host.StartAsync();
        var backend = host.Services.GetRequiredService<HostedBackend>();
        await host.StopAsync();

        Assert.Equal($"file {path}", backend.Description);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Without_any_backend_package_the_error_says_to_add_one()
    {
        using var host = Build(_ => { }, []);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("No WorkflowSdk backend is configured, and no backend package was added", error.Message, StringComparison.Ordinal);
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

    private static IHost Build(Action<WorkflowSdkBuilder> configure, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddWorkflowSdk(configure);
        return builder.Build();
    }

    /// <summary>A backend of a package Hosting has never heard of: a SQLite file named by <c>WorkflowSdk:File:Name</c>.</summary>
    private sealed class FileBackendProvider : HostedBackendProvider
    {
        public string? Name { get; set; }

        public override string SectionName => "File";

        public override HostedBackendRoles Roles => HostedBackendRoles.StoreAndTransport;

        public override string UseMethodName => "UseFile";

        public override bool IsConfigured => Name is not null;

        public override void ReadConfiguration(IConfigurationSection section) => ConfigurationReader.Bind(section, this);

        public override IEnumerable<string> GetValidationErrors(string sectionPath) => [];

        public override string DescribeSetup(string sectionPath, HostedBackendRoles role) => $"'{sectionPath}:Name'";

        public override HostedBackendPart Create(HostedBackendRoles roles, IServiceProvider services, ILoggerFactory loggerFactory)
        {
            var sqlite = new SqliteBackend(Name!, loggerFactory: loggerFactory);
            return new HostedBackendPart(sqlite, sqlite, $"file {Name}");
        }
    }
}
