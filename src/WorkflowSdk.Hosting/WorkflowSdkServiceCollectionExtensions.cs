using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WorkflowSdk;
using WorkflowSdk.Diagnostics;
using WorkflowSdk.Hosting;

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
            services.AddSingleton<IConfigureOptions<WorkflowSdkHostOptions>>(sp => new ConfigureFromSection<WorkflowSdkHostOptions>(
                sp, sectionName, (section, options) => BindHost(section, options, sp.GetServices<BackendRegistration>())));
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

    private static void BindHost(IConfigurationSection section, WorkflowSdkHostOptions options, IEnumerable<BackendRegistration> backends)
    {
        options.SectionPath = section.Path;
        var providers = backends.Select(b => b.GetOrAdd(options)).ToList();
        if (!section.Exists())
        {
            return;
        }

        ConfigurationReader.CheckKeys(
            section,
            typeof(WorkflowSdkHostOptions),
            [.. providers.Select(p => p.SectionName), "Worker", "Client", nameof(WorkflowSdkHostOptions.ReleaseTimeout)]);
        if (ConfigurationReader.Get<TimeSpan>(section, nameof(WorkflowSdkHostOptions.ReleaseTimeout), typeof(WorkflowSdkHostOptions)) is { } releaseTimeout)
        {
            options.ReleaseTimeout = releaseTimeout;
        }

        foreach (var provider in providers)
        {
            var backend = section.GetSection(provider.SectionName);
            if (backend.Exists())
            {
                provider.ReadConfiguration(backend);
            }
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
                foreach (var backend in services.GetServices<BackendRegistration>())
                {
                    backend.GetOrAdd(host);
                }
            }
        }
    }
}
