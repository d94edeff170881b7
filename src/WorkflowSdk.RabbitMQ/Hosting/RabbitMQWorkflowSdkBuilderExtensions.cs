using WorkflowSdk.Hosting;
using WorkflowSdk.RabbitMQ;
using WorkflowSdk.RabbitMQ.Hosting;

// In the container's namespace, like AddWorkflowSdk, so that it is found without a using directive.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Carries a WorkflowSdk host's (<c>AddWorkflowSdk</c>) messages through RabbitMQ.</summary>
public static class RabbitMQWorkflowSdkBuilderExtensions
{
    /// <summary>Carries messages through RabbitMQ; the store is another backend's (SQLite or MongoDB).</summary>
    /// <param name="builder">The builder of <c>AddWorkflowSdk</c>.</param>
    /// <param name="connectionString">An <c>amqp://</c> or <c>amqps://</c> URI.</param>
    /// <param name="configure">Adjusts the transport's settings (hub name, partitions, quorum queues...), after the <c>RabbitMQ</c> configuration section.</param>
    /// <returns>The builder.</returns>
    public static WorkflowSdkBuilder UseRabbitMQ(this WorkflowSdkBuilder builder, string connectionString, Action<RabbitMQTransportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.ConfigureBackend<RabbitMQHostedBackend>(b =>
        {
            var options = b.Use();
            options.ConnectionString = connectionString;
            configure?.Invoke(options);
        });
    }

    /// <summary>
    /// Reads the <c>RabbitMQ</c> configuration section (<c>WorkflowSdk:RabbitMQ</c>: the properties of
    /// <see cref="RabbitMQTransportOptions"/>); when the section exists, RabbitMQ is the transport.
    /// </summary>
    /// <param name="builder">The builder of <c>AddWorkflowSdk</c>.</param>
    /// <returns>The builder.</returns>
    public static WorkflowSdkBuilder AddRabbitMQConfiguration(this WorkflowSdkBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddBackendProvider<RabbitMQHostedBackend>();
    }
}
