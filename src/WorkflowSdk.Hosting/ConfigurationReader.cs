using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace WorkflowSdk.Hosting;

/// <summary>
/// Binds configuration sections onto option objects and refuses keys that match no setting, naming them with their full
/// path (a misspelt setting would otherwise be silently ignored). Backend packages read their sections with it (see
/// <see cref="HostedBackendProvider.ReadConfiguration"/>).
/// </summary>
public static class ConfigurationReader
{
    /// <summary>Binds <paramref name="section"/> onto <paramref name="target"/>, except <paramref name="handledKeys"/>.</summary>
    /// <param name="section">The section.</param>
    /// <param name="target">The options object; its public settable properties are the known keys.</param>
    /// <param name="handledKeys">More known keys, which the caller reads itself.</param>
    /// <exception cref="OptionsValidationException">A key matches no setting, or a value does not convert.</exception>
    public static void Bind(IConfigurationSection section, object target, params string[] handledKeys)
    {
        if (!section.Exists())
        {
            return;
        }

        var settable = target.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .Select(p => p.Name)
            .Concat(handledKeys)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = section.GetChildren().Where(c => !settable.Contains(c.Key)).Select(c => c.Path).ToList();
        if (unknown.Count > 0)
        {
            throw Error(target.GetType(), unknown.Select(path =>
                $"Unknown setting '{path}'. The settings of '{section.Path}' are: {string.Join(", ", settable.Order(StringComparer.Ordinal))}."));
        }

        try
        {
            section.Bind(target);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the full path of the value that does not convert.
            throw Error(target.GetType(), [ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message]);
        }
    }

    /// <summary>Reads one value, if present.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="section">The section.</param>
    /// <param name="key">The key in the section.</param>
    /// <param name="optionsType">The options type the value belongs to (named in the error).</param>
    /// <returns>The value, or <see langword="null"/> when the key is absent.</returns>
    /// <exception cref="OptionsValidationException">The value does not convert.</exception>
    public static T? Get<T>(IConfigurationSection section, string key, Type optionsType)
        where T : struct
    {
        try
        {
            return section.GetValue<T?>(key);
        }
        catch (InvalidOperationException ex)
        {
            throw Error(optionsType, [ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message]);
        }
    }

    /// <summary>Checks that <paramref name="section"/> has only the children <paramref name="known"/>.</summary>
    /// <param name="section">The section.</param>
    /// <param name="optionsType">The options type the section belongs to (named in the error).</param>
    /// <param name="known">The known keys, in the order the error lists them.</param>
    /// <exception cref="OptionsValidationException">A key is not known.</exception>
    public static void CheckKeys(IConfigurationSection section, Type optionsType, params string[] known)
    {
        var names = known.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = section.GetChildren().Where(c => !names.Contains(c.Key)).Select(c => c.Path).ToList();
        if (unknown.Count > 0)
        {
            throw Error(optionsType, unknown.Select(path => $"Unknown setting '{path}'. The settings of '{section.Path}' are: {string.Join(", ", known)}."));
        }
    }

    private static OptionsValidationException Error(Type type, IEnumerable<string> failures) =>
        new(Options.DefaultName, type, failures);
}
