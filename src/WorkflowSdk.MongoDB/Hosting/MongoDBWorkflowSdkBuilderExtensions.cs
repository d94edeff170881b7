using WorkflowSdk.Hosting;
using WorkflowSdk.MongoDB;
using WorkflowSdk.MongoDB.Hosting;

// In the container's namespace, like AddWorkflowSdk, so that it is found without a using directive.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps a WorkflowSdk host's (<c>AddWorkflowSdk</c>) instances and history in MongoDB.</summary>
public static class MongoDBWorkflowSdkBuilderExtensions
{
    /// <summary>Keeps instances and history in MongoDB. MongoDB is a store only: add a transport (RabbitMQ) too.</summary>
    /// <param name="builder">The builder of <c>AddWorkflowSdk</c>.</param>
    /// <param name="connectionString">A <c>mongodb://</c> or <c>mongodb+srv://</c> URI.</param>
    /// <param name="configure">Adjusts the store's settings (hub name, database, write concern...), after the <c>MongoDB</c> configuration section.</param>
    /// <returns>The builder.</returns>
    public static WorkflowSdkBuilder UseMongoDB(this WorkflowSdkBuilder builder, string connectionString, Action<MongoDBStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.ConfigureBackend<MongoDBHostedBackend>(b =>
        {
            var options = b.Use();
            options.ConnectionString = connectionString;
            configure?.Invoke(options);
        });
    }

    /// <summary>
    /// Reads the <c>MongoDB</c> configuration section (<c>WorkflowSdk:MongoDB</c>: the properties of
    /// <see cref="MongoDBStoreOptions"/>); when the section exists, MongoDB is the store.
    /// </summary>
    /// <param name="builder">The builder of <c>AddWorkflowSdk</c>.</param>
    /// <returns>The builder.</returns>
    public static WorkflowSdkBuilder AddMongoDBConfiguration(this WorkflowSdkBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddBackendProvider<MongoDBHostedBackend>();
    }
}
