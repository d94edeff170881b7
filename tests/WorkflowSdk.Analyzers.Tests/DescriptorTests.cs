using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using WorkflowSdk.Analyzers.Infrastructure;
using WorkflowSdk.Analyzers.Rules;
using WorkflowSdk.Analyzers.Tests.Infrastructure;

namespace WorkflowSdk.Analyzers.Tests;

/// <summary>The catalog, the descriptors, the docs and the release tracking agree with each other.</summary>
public class DescriptorTests
{
    private static readonly DiagnosticDescriptor[] s_descriptors = AnalyzerRunner.AllAnalyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .ToArray();

    private static string RepositoryFile(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "WorkflowSdk.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return Path.Combine(new[] { directory!.FullName }.Concat(parts).ToArray());
    }

    [Fact]
    public void Catalog_EveryIdentifier_HasExactlyOneAnalyzer()
    {
        var catalog = typeof(RuleIdentifiers).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!)
            .OrderBy(id => id, StringComparer.Ordinal);

        Assert.Equal(catalog, s_descriptors.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
        Assert.Equal(14, s_descriptors.Length);
    }

    [Fact]
    public void Descriptors_All_AreEnabledWarningsInTheDeterminismCategory()
    {
        Assert.All(s_descriptors, d =>
        {
            Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity);
            Assert.True(d.IsEnabledByDefault);
            Assert.Equal("Determinism", d.Category);
            Assert.EndsWith(".", d.Description.ToString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Descriptors_HelpLinks_PointToExistingDocPages()
    {
        Assert.All(s_descriptors, d =>
        {
            Assert.Equal(RuleText.HelpLinkBase + "analyzers/" + d.Id + ".md", d.HelpLinkUri);
            var page = RepositoryFile("docs", "analyzers", d.Id + ".md");
            Assert.True(File.Exists(page), $"{d.Id}: {page} is missing");
            var text = File.ReadAllText(page);
            Assert.StartsWith($"# {d.Id}: {d.Title}", text, StringComparison.Ordinal);
            Assert.Contains("## Why", text, StringComparison.Ordinal);
            Assert.Contains("## How to fix", text, StringComparison.Ordinal);
            Assert.Contains($"dotnet_diagnostic.{d.Id}.severity", text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void HelpLinks_NameThePublishedDocs_OrThePageShippedInTheWorkflowSdkPackage()
    {
        // Directory.Build.props sets no repository URL (whoever publishes does), so no build invents one: without it the
        // link is the page's path in the NuGet packages folder (the WorkflowSdk package ships docs/analyzers/).
        var version = typeof(RuleText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        if (!RuleText.HelpLinkBase.Contains("://", StringComparison.Ordinal))
        {
            Assert.Equal($"workflowsdk/{version.ToLowerInvariant()}/docs/", RuleText.HelpLinkBase);
        }

        Assert.EndsWith("/docs/", RuleText.HelpLinkBase, StringComparison.Ordinal);
        Assert.DoesNotContain("github.com/workflowsdk/", RuleText.HelpLinkBase, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ReleaseTracking_Unshipped_ListsEveryRule()
    {
        var unshipped = File.ReadAllText(RepositoryFile("analyzers", "WorkflowSdk.Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.All(s_descriptors, d => Assert.Contains($"{d.Id} | Determinism | Warning |", unshipped, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("none", null)]
    [InlineData("silent", DiagnosticSeverity.Hidden)]
    [InlineData("suggestion", DiagnosticSeverity.Info)]
    public async Task Severity_FromEditorConfig_IsHonoured(string configured, DiagnosticSeverity? expected)
    {
        const string Code = """
                using System;
                using System.Threading.Tasks;
                using WorkflowSdk;

                public static class Billing
                {
                    [Orchestration]
                    public static Task<DateTime> RunAsync(OrchestrationContext context) => Task.FromResult(DateTime.UtcNow);
                }
                """;
        var test = new CSharpAnalyzerTest<SystemClockAnalyzer, DefaultVerifier>
        {
            TestCode = Code,
            ReferenceAssemblies = TestReferences.ReferenceAssemblies,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.Additional);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", $"root = true\n\n[*.cs]\ndotnet_diagnostic.WF0001.severity = {configured}\n"));
        if (expected is { } severity)
        {
            test.ExpectedDiagnostics.Add(new DiagnosticResult("WF0001", severity).WithSpan(8, 92, 8, 107));
        }

        await test.RunAsync();
    }
}
