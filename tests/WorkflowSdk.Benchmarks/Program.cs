using System.Collections.Immutable;
using System.Diagnostics;
using BenchmarkDotNet.Running;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using WorkflowSdk.Analyzers.Infrastructure;
using WorkflowSdk.Benchmarks.Analyzers;

// dotnet run -c Release --project tests/WorkflowSdk.Benchmarks -- --filter '*Analyzer*' --job short
// dotnet run -c Release --project tests/WorkflowSdk.Benchmarks -- --quick-analyzers 1000   (one timed pass, no BenchmarkDotNet)
// Benchmarks live in one folder per area (Analyzers/, ...).
if (args is ["--quick-analyzers", var count])
{
    var compilation = SyntheticProject.Create(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
    var analyzers = typeof(OrchestrationAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();
    _ = compilation.Clone().GetDiagnostics(); // JIT the compiler first
    var clock = Stopwatch.StartNew();
    var compilerOnly = compilation.Clone().GetDiagnostics().Length;
    var compilerTime = clock.Elapsed;
    clock.Restart();
    var all = await compilation.Clone().WithAnalyzers(analyzers, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty)).GetAllDiagnosticsAsync();
    Console.WriteLine($"compiler only: {compilerTime.TotalMilliseconds:F0} ms ({compilerOnly} diagnostics); compiler + analyzers: {clock.Elapsed.TotalMilliseconds:F0} ms ({all.Length} diagnostics)");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
