using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/WorkflowSdk.Benchmarks -- --filter '*Analyzer*' --job short
// Benchmarks live in one folder per area (Analyzers/, ...).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
