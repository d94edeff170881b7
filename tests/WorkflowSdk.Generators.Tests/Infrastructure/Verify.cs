using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace WorkflowSdk.Generators.Tests.Infrastructure;

/// <summary>
/// Source-generator tests through Microsoft.CodeAnalysis.Testing: generated files compared with checked-in snapshots
/// (<c>Snapshots/&lt;test&gt;/*.cs</c>), diagnostics compared with their expected locations, and the whole compilation
/// required to have no other diagnostic (a warning in generated code fails the test).
/// </summary>
/// <remarks>
/// To refresh snapshots after an intended change, run the tests with <c>WORKFLOWSDK_UPDATE_SNAPSHOTS=1</c> and review the diff.
/// </remarks>
internal static class Verify
{
    public static async Task GeneratedAsync(string source, [CallerMemberName] string snapshot = "", [CallerFilePath] string callerFile = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots", snapshot);
        if (Environment.GetEnvironmentVariable("WORKFLOWSDK_UPDATE_SNAPSHOTS") == "1")
        {
            var (_, _, result) = GeneratorHarness.Run(source);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.CreateDirectory(directory);
            foreach (var generated in result.Results.Single().GeneratedSources)
            {
                await File.WriteAllTextAsync(Path.Combine(directory, generated.HintName), generated.SourceText.ToString());
            }
        }

        Assert.True(Directory.Exists(directory), $"No snapshot at {directory}; run with WORKFLOWSDK_UPDATE_SNAPSHOTS=1 to create it.");
        var test = CreateTest(source);
        foreach (var file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
        {
            var text = await File.ReadAllTextAsync(file);
            test.TestState.GeneratedSources.Add((typeof(WorkflowGenerator), Path.GetFileName(file), SourceText.From(text, Encoding.UTF8)));
        }

        await test.RunAsync();
    }

    /// <summary>Checks the generator's (and the compiler's) diagnostics; generated files are not compared.</summary>
    public static Task DiagnosticsAsync(string source, params DiagnosticResult[] expected)
    {
        var test = CreateTest(source);
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static DiagnosticResult Diagnostic(string id, DiagnosticSeverity severity = DiagnosticSeverity.Error) => new(id, severity);

    private static Test CreateTest(string source)
    {
        var test = new Test { TestCode = source };
        test.TestState.AdditionalReferences.AddRange(References.All);
        return test;
    }

    private sealed class Test : CSharpSourceGeneratorTest<WorkflowGenerator, DefaultVerifier>
    {
        public Test()
        {
            // The references are the running .NET's own assemblies (see References); no reference-assembly package is needed.
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        }

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest).WithDocumentationMode(DocumentationMode.Diagnose);

        protected override CompilationOptions CreateCompilationOptions()
        {
            var options = (CSharpCompilationOptions)base.CreateCompilationOptions();
            return options
                .WithNullableContextOptions(NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(options.SpecificDiagnosticOptions
                    .SetItem("CS1701", ReportDiagnostic.Suppress)
                    .SetItem("CS1702", ReportDiagnostic.Suppress)
                    .SetItem("CS1591", ReportDiagnostic.Suppress)); // Test snippets are not documented; generated code is checked in GeneratedCodeTests.
        }
    }
}
