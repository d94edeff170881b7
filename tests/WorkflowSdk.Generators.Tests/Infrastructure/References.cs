using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace WorkflowSdk.Generators.Tests.Infrastructure;

/// <summary>
/// Metadata references for test compilations: the .NET runtime this test runs on plus the real WorkflowSdk
/// assembly and its dependencies (everything on the trusted platform assembly list), so generated code is checked
/// against the API it will meet, not a stub.
/// </summary>
internal static class References
{
    public static ImmutableArray<MetadataReference> All { get; } = Load();

    private static ImmutableArray<MetadataReference> Load()
    {
        _ = typeof(OrchestrationContext); // WorkflowSdk is on the list because the test project references it.
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return [.. paths
            .Where(p => !Path.GetFileName(p).StartsWith("xunit", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
