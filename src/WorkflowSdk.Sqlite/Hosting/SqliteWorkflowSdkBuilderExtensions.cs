using WorkflowSdk.Hosting;
using WorkflowSdk.Sqlite;
using WorkflowSdk.Sqlite.Hosting;

// In the container's namespace, like AddWorkflowSdk, so that it is found without a using directive.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs a WorkflowSdk host (<c>AddWorkflowSdk</c>) on the embedded SQLite backend.</summary>
public static class SqliteWorkflowSdkBuilderExtensions
{
    /// <summary>Runs on the embedded SQLite backend: store and durable queues in one file (created if missing).</summary>
    /// <param name="builder">The builder of <c>AddWorkflowSdk</c>.</param>
    /// <param name="path">The database file; relative paths are relative to the working directory.</param>
    /// <param name="configure">Adjusts the backend's settings (after the <c>Sqlite</c> configuration section).</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddWorkflowSdk(wf => wf
    ///     .UseSqlite("workflows.db")
    ///     .AddWorker((registry, services) => registry.AddGeneratedWorkflows(services)));
    /// </code>
    /// </example>
    public static WorkflowSdkBuilder UseSqlite(this WorkflowSdkBuilder builder, string path, Action<SqliteBackendOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return builder.ConfigureBackend<SqliteHostedBackend>(b =>
        {
            b.Path = path;
            configure?.Invoke(b.Options);
        });
    }

    /// <summary>
    /// Reads the <c>Sqlite</c> configuration section (<c>WorkflowSdk:Sqlite</c>: <c>Path</c> and the properties of
    /// <see cref="SqliteBackendOptions"/>); a <c>Path</c> there makes the file the store, and the queues unless another
    /// transport is configured. Without a path, SQLite is not used.
    /// </summary>
    /// <param name="builder">The builder of <c>AddWorkflowSdk</c>.</param>
    /// <returns>The builder.</returns>
    public static WorkflowSdkBuilder AddSqliteConfiguration(this WorkflowSdkBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddBackendProvider<SqliteHostedBackend>();
    }
}
