using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace WorkflowSdk.Benchmarks.Generators;

/// <summary>
/// A synthetic project: <c>files</c> files, each with one class of orchestrations and one of activities (mixed
/// shapes: several parameters, Task/ValueTask/plain results, ActivityContext, CancellationToken, instance methods),
/// plus a few plain files with no workflow.
/// </summary>
internal static class SyntheticWorkflowProject
{
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilation Create(int orchestrations, int activities, int files = 100)
    {
        var trees = new List<SyntaxTree>();
        for (var f = 0; f < files; f++)
        {
            trees.Add(CSharpSyntaxTree.ParseText(WorkflowFile(f, orchestrations / files, activities / files), ParseOptions, path: $"/src/Workflows{f}.cs"));
        }

        for (var f = 0; f < 10; f++)
        {
            trees.Add(CSharpSyntaxTree.ParseText(PlainFile(f, "1m"), ParseOptions, path: $"/src/Plain{f}.cs"));
        }

        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p));
        return CSharpCompilation.Create("Synthetic", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    }

    public static string PlainFile(int index, string rate) =>
        $"namespace Synthetic.Plain{index}; public static class Helpers {{ public static decimal Rate(decimal x) => x * {rate}; }}";

    public static string WorkflowFile(int index, int orchestrations, int activities, string extraParameter = "")
    {
        var s = new StringBuilder();
        s.AppendLine("using System; using System.Threading; using System.Threading.Tasks; using WorkflowSdk;");
        s.AppendLine($"namespace Synthetic.Area{index};");
        s.AppendLine("public sealed record Order(string Id, decimal Amount, string[] Lines);");
        s.AppendLine("public sealed record Receipt(string Id, decimal Total);");
        s.AppendLine("public interface IGateway { Task<Receipt> SendAsync(Order order, CancellationToken token); }");
        s.AppendLine("public static class Orchestrations {");
        for (var i = 0; i < orchestrations; i++)
        {
            s.AppendLine($"  [Orchestration] public static async Task<Receipt> Process{index}_{i}(OrchestrationContext context, Order order{(i == 0 ? extraParameter : "")})");
            s.AppendLine($"  {{ var r = await context.Activities.Charge{index}_{i % activities}Async(order, 1); return r; }}");
        }

        s.AppendLine("}");
        s.AppendLine("public sealed class Activities(IGateway gateway) {");
        for (var i = 0; i < activities; i++)
        {
            s.AppendLine((i % 5) switch
            {
                0 => $"  [Activity] public Task<Receipt> Charge{index}_{i}(ActivityContext context, Order order, int attempt, CancellationToken token) => gateway.SendAsync(order, token);",
                1 => $"  [Activity] public static ValueTask<decimal> Price{index}_{i}(string sku, int quantity) => new(quantity * 2m);",
                2 => $"  [Activity(\"area{index}.notify{i}\")] public static Task Notify{index}_{i}(string message) => Task.CompletedTask;",
                3 => $"  [Activity] public static Receipt Total{index}_{i}(Order order) => new(order.Id, order.Amount);",
                _ => $"  [Activity] public static void Log{index}_{i}(string line, int level) {{ }}",
            });
        }

        s.AppendLine("}");
        return s.ToString();
    }
}
