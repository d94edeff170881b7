using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using WorkflowSdk.Generators;

namespace WorkflowSdk.Benchmarks.Generators;

/// <summary>
/// How long the source generator takes on a project with 1,000 orchestrations and 5,000 activities in 100 files:
/// a full run (a build, or opening the solution), and the incremental runs an IDE makes on each keystroke.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class WorkflowGeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _warmDriver = null!;
    private Compilation _plainEdit = null!;
    private Compilation _bodyEdit = null!;
    private Compilation _signatureEdit = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = SyntheticWorkflowProject.Create(orchestrations: 1000, activities: 5000);
        _warmDriver = NewDriver().RunGenerators(_compilation);
        var generated = _warmDriver.GetRunResult().Results[0];
        if (generated.Exception is not null || generated.GeneratedSources.Length != 201 || !generated.Diagnostics.IsEmpty)
        {
            throw new InvalidOperationException($"Unexpected generator result: {generated.Exception} {generated.GeneratedSources.Length} files, {generated.Diagnostics.Length} diagnostics");
        }

        _plainEdit = Replace("/src/Plain3.cs", SyntheticWorkflowProject.PlainFile(3, "2m"));
        var file = SyntheticWorkflowProject.WorkflowFile(7, 10, 50);
        _bodyEdit = Replace("/src/Workflows7.cs", file.Replace("return r; }", "return r with { Total = r.Total }; }"));
        _signatureEdit = Replace("/src/Workflows7.cs", SyntheticWorkflowProject.WorkflowFile(7, 10, 50, extraParameter: ", int priority"));
    }

    /// <summary>A full run on a fresh driver: parse every workflow method, check, emit 201 files (two classes per file, plus the registration).</summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver FullRun() => NewDriver().RunGenerators(_compilation);

    /// <summary>A body edit in a file without workflows: nothing is re-parsed or re-emitted.</summary>
    [Benchmark]
    public GeneratorDriver Incremental_EditInPlainFile() => _warmDriver.RunGenerators(_plainEdit);

    /// <summary>An orchestration body edit: that file's 60 methods are re-parsed, the model compares equal, nothing is re-emitted.</summary>
    [Benchmark]
    public GeneratorDriver Incremental_EditOrchestrationBody() => _warmDriver.RunGenerators(_bodyEdit);

    /// <summary>An orchestration signature edit: the model changes and every file is emitted again.</summary>
    [Benchmark]
    public GeneratorDriver Incremental_EditOrchestrationSignature() => _warmDriver.RunGenerators(_signatureEdit);

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create([new WorkflowGenerator().AsSourceGenerator()], parseOptions: SyntheticWorkflowProject.ParseOptions);

    private Compilation Replace(string path, string text)
    {
        var tree = _compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return _compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(text)));
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // In-process: the machine is small and shared; building a separate benchmark process per run adds nothing here.
            AddJob(Job.Default.WithToolchain(InProcessNoEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(15));
            AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median);
        }
    }
}
