using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using WorkflowSdk.Analyzers.Infrastructure;
using WorkflowSdk.Analyzers.Rules;

namespace WorkflowSdk.Benchmarks.Analyzers;

/// <summary>
/// All fourteen determinism analyzers over a synthetic project of 1,000 orchestrations. Every iteration starts from
/// a fresh compilation (nothing bound or cached) and computes what a build computes: compiler diagnostics alone
/// (<see cref="CompilerOnly"/>, the baseline) or compiler plus analyzer diagnostics. The analyzers' cost is the
/// difference. The setup also prints the analyzer driver's own per-analyzer execution times for one run.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class AnalyzerBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private ImmutableArray<DiagnosticAnalyzer> _all;
    private ImmutableArray<DiagnosticAnalyzer> _one;

    [Params(1000)]
    public int Orchestrations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _compilation = SyntheticProject.Create(Orchestrations);
        var errors = _compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The synthetic project does not compile: " + errors[0]);
        }

        _all = typeof(OrchestrationAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        _one = ImmutableArray.Create<DiagnosticAnalyzer>(new SystemClockAnalyzer());

        // Sanity: the benchmark measures analyzers that actually find the planted violations.
        var withAnalyzers = _compilation.Clone().WithAnalyzers(
            _all,
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
        var found = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Console.WriteLine($"// {Orchestrations} orchestrations, {_compilation.SyntaxTrees.Count()} files, {found.Length} diagnostics");
        var total = TimeSpan.Zero;
        foreach (var analyzer in _all)
        {
            var time = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime;
            total += time;
            Console.WriteLine($"// {analyzer.GetType().Name,-32} {time.TotalMilliseconds,8:F0} ms");
        }

        Console.WriteLine($"// {"all analyzers (driver telemetry)",-32} {total.TotalMilliseconds,8:F0} ms");
    }

    [Benchmark(Baseline = true)]
    public int CompilerOnly() => _compilation.Clone().GetDiagnostics().Length;

    [Benchmark]
    public Task<int> CompilerAndAllAnalyzers() => Run(_all);

    [Benchmark]
    public Task<int> CompilerAndOneAnalyzer() => Run(_one);

    private async Task<int> Run(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var diagnostics = await _compilation.Clone()
            .WithAnalyzers(analyzers, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty))
            .GetAllDiagnosticsAsync();
        return diagnostics.Length;
    }
}
