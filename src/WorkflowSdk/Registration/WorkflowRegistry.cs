using System.Runtime.CompilerServices;
using WorkflowSdk.Registration;

namespace WorkflowSdk;

/// <summary>
/// The orchestrations and activities a worker can run, by name. Register delegates or method groups with
/// the typed overloads, or any <see cref="IOrchestrationRunner"/> / <see cref="IActivityRunner"/> (which is
/// what generated registration code does, without reflection).
/// </summary>
/// <remarks>
/// Names are case-sensitive. An orchestration may be registered in several versions side by side; an
/// instance keeps the version it started with, and a start that names no version gets the
/// <em>default</em> version: the one registered with <c>isDefault: true</c>, else the highest (compared as
/// <see cref="System.Version"/> when every version parses as one, ordinally otherwise).
/// </remarks>
public sealed class WorkflowRegistry
{
    private readonly Dictionary<string, Dictionary<string, IOrchestrationRunner>> _orchestrations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _defaultVersions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActivityRunner> _activities = new(StringComparer.Ordinal);

    /// <summary>The registered orchestration names, with their versions (<c>Name</c> or <c>Name@Version</c>).</summary>
    public IEnumerable<string> OrchestrationNames =>
        _orchestrations.SelectMany(o => o.Value.Keys.Select(v => v.Length == 0 ? o.Key : $"{o.Key}@{v}"));

    /// <summary>The registered activity names.</summary>
    public IEnumerable<string> ActivityNames => _activities.Keys;

    /// <summary>Registers an orchestration runner.</summary>
    /// <param name="name">The orchestration's name.</param>
    /// <param name="runner">The runner.</param>
    /// <param name="version">The version, or <see langword="null"/> for unversioned.</param>
    /// <param name="isDefault">Whether starts that name no version get this one.</param>
    /// <returns>This registry.</returns>
    /// <exception cref="ArgumentException">The name (and version) is already registered, or the name is empty.</exception>
    public WorkflowRegistry AddOrchestration(string name, IOrchestrationRunner runner, string? version = null, bool isDefault = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(runner);
        var key = version ?? string.Empty;
        if (!_orchestrations.TryGetValue(name, out var versions))
        {
            versions = new Dictionary<string, IOrchestrationRunner>(StringComparer.Ordinal);
            _orchestrations.Add(name, versions);
        }

        if (!versions.TryAdd(key, runner))
        {
            throw new ArgumentException(
                $"An orchestration named '{name}'{(key.Length == 0 ? "" : $" with version '{key}'")} is already registered.", nameof(name));
        }

        if (isDefault)
        {
            _defaultVersions[name] = key;
        }

        return this;
    }

    /// <summary>Registers an orchestration with typed input and output.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="name">The orchestration's name.</param>
    /// <param name="orchestration">The orchestration method.</param>
    /// <param name="version">The version, or <see langword="null"/> for unversioned.</param>
    /// <param name="isDefault">Whether starts that name no version get this one.</param>
    /// <returns>This registry.</returns>
    public WorkflowRegistry AddOrchestration<TInput, TOutput>(
        string name, Func<OrchestrationContext, TInput, Task<TOutput>> orchestration, string? version = null, bool isDefault = false)
    {
        ArgumentNullException.ThrowIfNull(orchestration);
        return AddOrchestration(name, new DelegateOrchestrationRunner<TInput, TOutput>(name, orchestration), version, isDefault);
    }

    /// <summary>Registers an orchestration with typed input and no output.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <param name="name">The orchestration's name.</param>
    /// <param name="orchestration">The orchestration method.</param>
    /// <param name="version">The version, or <see langword="null"/> for unversioned.</param>
    /// <param name="isDefault">Whether starts that name no version get this one.</param>
    /// <returns>This registry.</returns>
    public WorkflowRegistry AddOrchestration<TInput>(
        string name, Func<OrchestrationContext, TInput, Task> orchestration, string? version = null, bool isDefault = false)
    {
        ArgumentNullException.ThrowIfNull(orchestration);
        return AddOrchestration<TInput, object?>(name, async (context, input) =>
        {
            await orchestration(context, input);
            return null;
        }, version, isDefault);
    }

    /// <summary>Registers an activity runner.</summary>
    /// <param name="name">The activity's name.</param>
    /// <param name="runner">The runner.</param>
    /// <returns>This registry.</returns>
    /// <exception cref="ArgumentException">The name is already registered or empty.</exception>
    public WorkflowRegistry AddActivity(string name, IActivityRunner runner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(runner);
        if (!_activities.TryAdd(name, runner))
        {
            throw new ArgumentException($"An activity named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    /// <summary>Registers an asynchronous activity that receives its <see cref="ActivityContext"/>.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="name">The activity's name.</param>
    /// <param name="activity">The activity method.</param>
    /// <returns>This registry.</returns>
    public WorkflowRegistry AddActivity<TInput, TOutput>(string name, Func<ActivityContext, TInput, Task<TOutput>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivity(name, new DelegateActivityRunner<TInput, TOutput>(name, activity));
    }

    /// <summary>Registers an asynchronous activity.</summary>
    /// <remarks>
    /// Preferred over the synchronous overload when a lambda fits both (e.g. one that only throws), so every delegate form
    /// registers without a cast.
    /// </remarks>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="name">The activity's name.</param>
    /// <param name="activity">The activity method.</param>
    /// <returns>This registry.</returns>
    [OverloadResolutionPriority(1)]
    public WorkflowRegistry AddActivity<TInput, TOutput>(string name, Func<TInput, Task<TOutput>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivity<TInput, TOutput>(name, (_, input) => activity(input));
    }

    /// <summary>Registers a synchronous activity.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="name">The activity's name.</param>
    /// <param name="activity">The activity method.</param>
    /// <returns>This registry.</returns>
    public WorkflowRegistry AddActivity<TInput, TOutput>(string name, Func<TInput, TOutput> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivity<TInput, TOutput>(name, (_, input) => Task.FromResult(activity(input)));
    }

    /// <summary>Registers an asynchronous activity with no result.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <param name="name">The activity's name.</param>
    /// <param name="activity">The activity method.</param>
    /// <returns>This registry.</returns>
    public WorkflowRegistry AddActivity<TInput>(string name, Func<ActivityContext, TInput, Task> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivity<TInput, object?>(name, async (context, input) =>
        {
            await activity(context, input).ConfigureAwait(false);
            return null;
        });
    }

    /// <summary>
    /// Wraps every activity registered so far, e.g. to run each execution in a dependency-injection scope or around
    /// instrumentation of your own. Activities registered later are not wrapped.
    /// </summary>
    /// <param name="decorate">Given an activity's name and runner, returns the runner to use instead.</param>
    /// <returns>This registry.</returns>
    /// <example>
    /// <code>registry.DecorateActivities((name, runner) => new TimingRunner(name, runner));</code>
    /// </example>
    public WorkflowRegistry DecorateActivities(Func<string, IActivityRunner, IActivityRunner> decorate)
    {
        ArgumentNullException.ThrowIfNull(decorate);
        foreach (var name in _activities.Keys.ToList())
        {
            _activities[name] = decorate(name, _activities[name])
                ?? throw new InvalidOperationException($"The decorator returned no runner for activity '{name}'.");
        }

        return this;
    }

    /// <summary>Finds the runner for an orchestration name and version.</summary>
    /// <param name="name">The orchestration's name.</param>
    /// <param name="version">The version; <see langword="null"/> or empty for the default version.</param>
    /// <param name="resolvedVersion">The version found (<see langword="null"/> when unversioned).</param>
    /// <returns>The runner, or <see langword="null"/> when not registered.</returns>
    public IOrchestrationRunner? FindOrchestration(string name, string? version, out string? resolvedVersion)
    {
        resolvedVersion = null;
        if (!_orchestrations.TryGetValue(name, out var versions))
        {
            return null;
        }

        var key = string.IsNullOrEmpty(version) ? DefaultVersion(name, versions) : version;
        if (!versions.TryGetValue(key, out var runner))
        {
            return null;
        }

        resolvedVersion = key.Length == 0 ? null : key;
        return runner;
    }

    /// <summary>Finds the runner for an activity name.</summary>
    /// <param name="name">The activity's name.</param>
    /// <returns>The runner, or <see langword="null"/> when not registered.</returns>
    public IActivityRunner? FindActivity(string name) => _activities.GetValueOrDefault(name);

    private string DefaultVersion(string name, Dictionary<string, IOrchestrationRunner> versions)
    {
        if (_defaultVersions.TryGetValue(name, out var chosen))
        {
            return chosen;
        }

        if (versions.Count == 1)
        {
            return versions.Keys.First();
        }

        var keys = versions.Keys.Where(k => k.Length > 0).ToList();
        if (keys.All(k => System.Version.TryParse(k, out _)))
        {
            return keys.MaxBy(System.Version.Parse)!;
        }

        return keys.Max(StringComparer.Ordinal)!;
    }
}
