using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WorkflowSdk;
using WorkflowSdk.Diagnostics;
using WorkflowSdk.Hosting;
using WorkflowSdk.MongoDB;
using WorkflowSdk.RabbitMQ;

// In the container's namespace, like every AddXxx, so that it is found without a using directive.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds WorkflowSdk to a service collection.</summary>
public static class WorkflowSdkServiceCollectionExtensions
{
    /// <summary>
    /// Adds WorkflowSdk: the backend (from the <c>WorkflowSdk</c> configuration section and <paramref name="configure"/>), a
    /// <see cref="WorkflowClient"/>, the shared <see cref="WorkflowInstrumentation"/>, and, with
    /// <see cref="WorkflowSdkBuilder.AddWorker"/>, a worker as a hosted service. Every setting is validated when the host
    /// starts; an invalid one stops the start with a message naming it.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Chooses the backend and adds the worker.</param>
    /// <param name="sectionName">The configuration section; <c>WorkflowSdk</c> by default.</param>
    /// <returns>The builder, for more configuration.</returns>
    /// <example>
    /// <code>
    /// var builder = Host.CreateApplicationBuilder(args);
    /// builder.Services.AddWorkflowSdk(wf => wf
    ///     .UseSqlite("workflows.db")
    ///     .AddWorker((registry, services) => registry.AddGeneratedWorkflows(services)));
    /// await builder.Build().RunAsync();
    /// </code>
    /// </example>
    public static WorkflowSdkBuilder AddWorkflowSdk(
        this IServiceCollection services, Action<WorkflowSdkBuilder>? configure = null, string sectionName = WorkflowSdkHostOptions.DefaultSectionName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionName);
        var builder = new WorkflowSdkBuilder(services);
        if (!services.Any(d => d.ServiceType == typeof(WorkflowSdkMarker)))
        {
            services.AddSingleton(new WorkflowSdkMarker(sectionName));
            services.AddOptions();
            services.AddLogging();

            // Configuration first: code (UseSqlite, AddWorker(..., configure)) runs after it and wins.
            services.AddSingleton<IConfigureOptions<WorkflowSdkHostOptions>>(sp => new ConfigureFromSection<WorkflowSdkHostOptions>(sp, sectionName, BindHost));
            services.AddSingleton<IConfigureOptions<WorkflowWorkerOptions>>(sp => new ConfigureFromSection<WorkflowWorkerOptions>(sp, sectionName + ":Worker", Bind));
            services.AddSingleton<IConfigureOptions<WorkflowClientOptions>>(sp => new ConfigureFromSection<WorkflowClientOptions>(sp, sectionName + ":Client", Bind));
            services.AddSingleton<IValidateOptions<WorkflowSdkHostOptions>, HostOptionsValidator>();
            services.AddSingleton<IValidateOptions<WorkflowWorkerOptions>>(new WorkerOptionsValidator(sectionName + ":Worker"));
            services.AddOptions<WorkflowSdkHostOptions>().ValidateOnStart();
            services.AddOptions<WorkflowWorkerOptions>().ValidateOnStart();
            services.AddOptions<WorkflowClientOptions>().ValidateOnStart();

            services.TryAddSingleton<WorkflowInstrumentation>();
            services.TryAddSingleton<HostedBackend>();
            services.TryAddSingleton(sp => sp.GetRequiredService<HostedBackend>().Backend);
            services.TryAddSingleton(sp =>
            {
                var options = sp.GetRequiredService<IOptions<WorkflowClientOptions>>().Value;
                options.Instrumentation ??= sp.GetRequiredService<WorkflowInstrumentation>();
                return new WorkflowClient(sp.GetRequiredService<HostedBackend>().Backend, options);
            });
        }

        configure?.Invoke(builder);
        return builder;
    }

    /// <summary>
    /// Runs a worker in the host with the orchestrations and activities that <paramref name="register"/> adds (see
    /// <see cref="WorkflowSdkBuilder.AddWorker"/>); adds WorkflowSdk first if needed (backend from configuration).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="register">Adds orchestrations and activities; its provider resolves from a scope per activity execution.</param>
    /// <param name="configure">Adjusts the worker's settings.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddWorkflowWorker(
        this IServiceCollection services, Action<WorkflowRegistry, IServiceProvider> register, Action<WorkflowWorkerOptions>? configure = null)
    {
        services.AddWorkflowSdk().AddWorker(register, configure);
        return services;
    }

    private static void Bind(IConfigurationSection section, object target) => ConfigurationReader.Bind(section, target);

    private static void BindHost(IConfigurationSection section, WorkflowSdkHostOptions options)
    {
        options.SectionPath = section.Path;
        if (!section.Exists())
        {
            return;
        }

        ConfigurationReader.CheckKeys(section, typeof(WorkflowSdkHostOptions), "Sqlite", "MongoDB", "RabbitMQ", "Worker", "Client", nameof(WorkflowSdkHostOptions.ReleaseTimeout));
        if (ConfigurationReader.Get<TimeSpan>(section, nameof(WorkflowSdkHostOptions.ReleaseTimeout), typeof(WorkflowSdkHostOptions)) is { } releaseTimeout)
        {
            options.ReleaseTimeout = releaseTimeout;
        }

        var sqlite = section.GetSection("Sqlite");
        if (sqlite.Exists())
        {
            options.SqlitePath = sqlite["Path"] ?? options.SqlitePath;
            ConfigurationReader.Bind(sqlite, options.Sqlite, "Path");
        }

        var mongo = section.GetSection("MongoDB");
        if (mongo.Exists())
        {
            options.MongoDB ??= new MongoDBStoreOptions();
            ConfigurationReader.Bind(mongo, options.MongoDB);
        }

        var rabbit = section.GetSection("RabbitMQ");
        if (rabbit.Exists())
        {
            options.RabbitMQ ??= new RabbitMqTransportOptions();
            ConfigurationReader.Bind(rabbit, options.RabbitMQ);
        }
    }

    /// <summary>Marks a collection that already has the WorkflowSdk services.</summary>
    private sealed record WorkflowSdkMarker(string SectionName);

    /// <summary>Applies a configuration section to options (when the container has an <see cref="IConfiguration"/>).</summary>
    private sealed class ConfigureFromSection<T>(IServiceProvider services, string path, Action<IConfigurationSection, T> apply) : IConfigureOptions<T>
        where T : class
    {
        public void Configure(T options)
        {
            if (services.GetService<IConfiguration>() is { } configuration)
            {
                apply(configuration.GetSection(path), options);
            }
            else if (options is WorkflowSdkHostOptions host)
            {
                host.SectionPath = path;
            }
        }
    }
}
