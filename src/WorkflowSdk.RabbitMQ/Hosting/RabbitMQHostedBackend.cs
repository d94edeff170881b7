using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WorkflowSdk.Hosting;

namespace WorkflowSdk.RabbitMQ.Hosting;

/// <summary>The RabbitMQ transport in a host: the <c>RabbitMQ</c> section (<see cref="RabbitMQTransportOptions"/>).</summary>
internal sealed class RabbitMQHostedBackend : HostedBackendProvider
{
    public const string Section = "RabbitMQ";

    /// <summary>The transport's settings; <see langword="null"/> when RabbitMQ is not used.</summary>
    public RabbitMQTransportOptions? Options { get; private set; }

    public override string SectionName => Section;

    public override HostedBackendRoles Roles => HostedBackendRoles.Transport;

    public override string UseMethodName => "UseRabbitMQ";

    public override bool IsConfigured => Options is not null;

    /// <summary>The transport's settings, created (so RabbitMQ is used) if needed.</summary>
    public RabbitMQTransportOptions Use() => Options ??= new RabbitMQTransportOptions();

    public override void ReadConfiguration(IConfigurationSection section) => ConfigurationReader.Bind(section, Use());

    public override IEnumerable<string> GetValidationErrors(string sectionPath)
    {
        var connectionString = Options?.ConnectionString;
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            yield return $"{sectionPath}:ConnectionString must be an amqp:// or amqps:// URI (it is '{RabbitMQConnectionString.Redact(connectionString)}').";
        }
    }

    public override string DescribeSetup(string sectionPath, HostedBackendRoles role) => $"RabbitMQ (UseRabbitMQ or '{sectionPath}:ConnectionString')";

    public override HostedBackendPart Create(HostedBackendRoles roles, IServiceProvider services, ILoggerFactory loggerFactory)
    {
        var transport = new RabbitMQTransport(Use(), loggerFactory);
        return new HostedBackendPart(null, transport, $"RabbitMQ {transport.Endpoint} (hub {transport.HubName})");
    }
}
