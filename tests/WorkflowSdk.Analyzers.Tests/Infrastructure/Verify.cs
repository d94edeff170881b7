using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace WorkflowSdk.Analyzers.Tests.Infrastructure;

/// <summary>Runs one analyzer over snippets that compile against the real WorkflowSdk.</summary>
internal static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic() => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic();

    /// <summary>Checks that <paramref name="source"/> (markup: <c>{|WF0001:span|}</c>) gets exactly the marked diagnostics.</summary>
    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        AnalyzerAsync(new[] { source }, expected);

    public static async Task AnalyzerAsync(string[] sources, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>();
        Configure(test.TestState, sources);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>Runs the analyzer over code that does not compile: only the analyzer's own diagnostics are compared.</summary>
    public static async Task BrokenCodeAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { CompilerDiagnostics = CompilerDiagnostics.None };
        Configure(test.TestState, new[] { source });
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    public static async Task CodeFixAsync<TCodeFix>(string source, string fixedSource, int? iterations = null)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>();
        Configure(test.TestState, new[] { source });
        test.FixedState.Sources.Add(fixedSource);

        // Diagnostics marked in the fixed source are the ones the fix must leave (e.g. where no fix applies).
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.FixedState.AdditionalReferences.AddRange(TestReferences.Additional);
        if (iterations is { } count)
        {
            test.NumberOfFixAllIterations = count;
        }

        await test.RunAsync();
    }

    private static void Configure(SolutionState state, string[] sources)
    {
        foreach (var source in sources)
        {
            state.Sources.Add(source);
        }

        state.ReferenceAssemblies = TestReferences.ReferenceAssemblies;
        state.AdditionalReferences.AddRange(TestReferences.Additional);
    }
}
