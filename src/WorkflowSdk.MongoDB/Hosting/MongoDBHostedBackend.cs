using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WorkflowSdk.Hosting;

namespace WorkflowSdk.MongoDB.Hosting;

/// <summary>The MongoDB store in a host: the <c>MongoDB</c> section (<see cref="MongoDBStoreOptions"/>).</summary>
internal sealed class MongoDBHostedBackend : HostedBackendProvider
{
    public const string Section = "MongoDB";

    /// <summary>The store's settings; <see langword="null"/> when MongoDB is not used.</summary>
    public MongoDBStoreOptions? Options { get; private set; }

    public override string SectionName => Section;

    public override HostedBackendRoles Roles => HostedBackendRoles.Store;

    public override string UseMethodName => "UseMongoDB";

    public override bool IsConfigured => Options is not null;

    /// <summary>The store's settings, created (so MongoDB is used) if needed.</summary>
    public MongoDBStoreOptions Use() => Options ??= new MongoDBStoreOptions();

    public override void ReadConfiguration(IConfigurationSection section) => ConfigurationReader.Bind(section, Use());

    public override IEnumerable<string> GetValidationErrors(string sectionPath)
    {
        var connectionString = Options?.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            yield return $"{sectionPath}:ConnectionString is missing.";
        }
        else if (!connectionString.StartsWith("mongodb://", StringComparison.OrdinalIgnoreCase)
                 && !connectionString.StartsWith("mongodb+srv://", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{sectionPath}:ConnectionString must start with mongodb:// or mongodb+srv:// (it is '{MongoDBConnectionString.Redact(connectionString)}').";
        }
    }

    public override string DescribeSetup(string sectionPath, HostedBackendRoles role) => role == HostedBackendRoles.Store
        ? $"'{sectionPath}:ConnectionString' with a transport (RabbitMQ)"
        : $"'{sectionPath}:ConnectionString'";

    public override HostedBackendPart Create(HostedBackendRoles roles, IServiceProvider services, ILoggerFactory loggerFactory)
    {
        var options = Use();
        var store = new MongoDBStore(options, loggerFactory);
        return new HostedBackendPart(store, null, $"MongoDB {MongoDBConnectionString.Redact(options.ConnectionString)} (hub {options.HubName})");
    }
}
