using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using WorkflowSdk.Analyzers.Infrastructure;

namespace WorkflowSdk.Analyzers.Tests.Infrastructure;

/// <summary>Runs every WorkflowSdk analyzer together over sources, the way a build does, and collects crashes too.</summary>
internal static class AnalyzerRunner
{
    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers { get; } = typeof(OrchestrationAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static CSharpCompilation Compile(IEnumerable<(string Path, string Text)> sources) =>
        CSharpCompilation.Create(
            "Samples",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, new CSharpParseOptions(LanguageVersion.Latest), path: s.Path)),
            TestReferences.Additional,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>The analyzers' diagnostics (sorted by position) and every exception an analyzer threw.</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<Exception> Crashes)> RunAsync(
        Compilation compilation, AnalyzerOptions? options = null)
    {
        var crashes = new List<Exception>();
        var withAnalyzers = compilation.WithAnalyzers(
            AllAnalyzers,
            new CompilationWithAnalyzersOptions(
                options ?? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (exception, _, _) => { lock (crashes) { crashes.Add(exception); } },
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        return (
            diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToImmutableArray(),
            crashes);
    }

    public static string ReadSample(string name)
    {
        using var stream = typeof(AnalyzerRunner).Assembly.GetManifestResourceStream("Samples." + name)
            ?? throw new InvalidOperationException($"Sample '{name}' is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>"WF0001 12:17 DateTime.Now": id, 1-based line and column, and the flagged text.</summary>
    public static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var text = diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);
        var firstLine = text.Split('\n')[0].Trim();
        return $"{diagnostic.Id} {span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1} {firstLine}";
    }
}
