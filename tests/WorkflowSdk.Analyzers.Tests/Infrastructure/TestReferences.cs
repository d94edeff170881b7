using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace WorkflowSdk.Analyzers.Tests.Infrastructure;

/// <summary>
/// What test snippets compile against: the .NET 10 reference assemblies of the SDK that runs the tests, plus the
/// real WorkflowSdk and the logging/configuration abstractions.
/// </summary>
/// <remarks>
/// WorkflowSdk targets net10.0, so compiling it against <c>ReferenceAssemblies.Net.Net80</c> fails with CS1705.
/// The SDK's own targeting pack (<c>packs/Microsoft.NETCore.App.Ref</c>) is always installed next to the runtime
/// running the tests, so nothing is downloaded.
/// </remarks>
internal static class TestReferences
{
    public static ReferenceAssemblies ReferenceAssemblies { get; } = new("net10.0");

    public static ImmutableArray<MetadataReference> Additional { get; } = FrameworkReferences().AddRange(new MetadataReference[]
    {
        MetadataReference.CreateFromFile(typeof(WorkflowSdk.OrchestrationContext).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Configuration.IConfiguration).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Options.IOptionsMonitor<>).Assembly.Location),
    });

    private static ImmutableArray<MetadataReference> FrameworkReferences()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var runtimeVersion = new Version(Path.GetFileName(runtimeDirectory).Split('-')[0]);
        var pack = Directory.Exists(packs)
            ? Directory.GetDirectories(packs)
                .Select(d => (Path: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
                .Where(p => p.Version is not null && p.Version.Major == runtimeVersion.Major)
                .OrderByDescending(p => p.Version)
                .Select(p => p.Path)
                .FirstOrDefault()
            : null;
        var referenceDirectory = pack is null ? null : Path.Combine(pack, "ref", $"net{runtimeVersion.Major}.0");
        if (referenceDirectory is null || !Directory.Exists(referenceDirectory))
        {
            throw new InvalidOperationException($"No Microsoft.NETCore.App.Ref {runtimeVersion.Major}.x targeting pack under '{packs}'.");
        }

        return Directory.GetFiles(referenceDirectory, "*.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
