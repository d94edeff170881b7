using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace WorkflowSdk.Benchmarks.Analyzers;

/// <summary>
/// A generated project shaped like a real one: orchestrations spread over files, each calling activities and
/// helpers; helpers call other helpers (two and three levels deep, some recursive); one orchestration in ten
/// reaches a violation through a helper, one in twenty has a direct one; activities and startup code do I/O.
/// </summary>
internal static class SyntheticProject
{
    public static CSharpCompilation Create(int orchestrations, int perFile = 20)
    {
        var trees = new List<SyntaxTree>();
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        for (var file = 0; file * perFile < orchestrations; file++)
        {
            var text = new StringBuilder();
            text.AppendLine("using System; using System.Linq; using System.Threading.Tasks; using Microsoft.Extensions.Logging; using WorkflowSdk;");
            text.AppendLine($"namespace Synthetic.F{file};");
            for (var i = file * perFile; i < Math.Min(orchestrations, (file + 1) * perFile); i++)
            {
                text.AppendLine(Orchestration(i));
            }

            text.AppendLine(Helpers(file));
            trees.Add(CSharpSyntaxTree.ParseText(text.ToString(), parse, path: $"F{file}.cs"));
        }

        trees.Add(CSharpSyntaxTree.ParseText(
            """
            using System; using System.IO; using WorkflowSdk;
            namespace Synthetic;
            public static class Startup
            {
                public static string Configure() => Environment.GetEnvironmentVariable("REGION") + File.Exists("appsettings.json") + DateTime.Now;
            }
            """,
            parse,
            path: "Startup.cs"));

        return CSharpCompilation.Create(
            "Synthetic",
            trees,
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    private static string Orchestration(int i)
    {
        var direct = i % 20 == 0 ? "var stamp = DateTime.UtcNow;" : "var stamp = context.CurrentUtcDateTime;";
        var helper = i % 10 == 0 ? "Clock.Describe(stamp)" : "Format.Describe(stamp)";
        return $$"""
            public sealed class Order{{i}}(ILogger<Order{{i}}> logger)
            {
                [Orchestration]
                public async Task<string> RunAsync(OrchestrationContext context, int[] items)
                {
                    var log = context.CreateReplaySafeLogger<Order{{i}}>();
                    {{direct}}
                    log.LogInformation("Order {Id} at {Stamp}", {{i}}, stamp);
                    var reserved = await Task.WhenAll(items.Select(item => context.CallActivityAsync<int>("Reserve", item)));
                    string? failure = null;
                    try
                    {
                        await context.CallActivityAsync("Charge", reserved.Sum());
                    }
                    catch (TaskFailedException ex)
                    {
                        failure = ex.Message;
                    }

                    if (failure is not null)
                    {
                        await context.CallActivityAsync("Refund", reserved.Sum());
                    }

                    var timer = context.CreateTimer(TimeSpan.FromHours(1));
                    var approval = context.WaitForExternalEvent<bool>("Approved");
                    if (await Task.WhenAny(timer, approval) == approval && approval.Result)
                    {
                        await context.CallSubOrchestrationAsync("Ship", items);
                    }

                    return {{helper}} + Pricing.Total(reserved, {{i % 7}});
                }

                [Activity]
                public async Task<int> ReserveAsync(int item)
                {
                    logger.LogInformation("Reserving {Item} at {Time}", item, DateTime.UtcNow);
                    await Task.Delay(1);
                    return item;
                }
            }
            """;
    }

    private static string Helpers(int file) => $$"""
        public static class Format
        {
            public static string Describe(DateTime at) => Pad(at.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            private static string Pad(string text) => text.Length > 40 ? text : Pad(text + " ");
        }

        public static class Clock
        {
            public static string Describe(DateTime at) => Format.Describe(at) + Elapsed();
            private static string Elapsed() => Ticks().ToString(System.Globalization.CultureInfo.InvariantCulture);
            private static long Ticks() => DateTime.Now.Ticks; // the transitive violation, three calls deep
        }

        public static class Pricing
        {
            public static decimal Total(int[] amounts, int discount) => Sum(amounts) - Discount(discount);
            private static decimal Sum(int[] amounts) => amounts.Aggregate(0m, (total, amount) => total + amount);
            private static decimal Discount(int percent) => percent == 0 ? 0 : Discount(percent - 1) + 1m;
        }
        """;

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var major = Environment.Version.Major;
        var pack = Directory.GetDirectories(Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref"))
            .Where(d => Path.GetFileName(d).StartsWith($"{major}.", StringComparison.Ordinal))
            .OrderByDescending(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version())
            .First();
        return Directory.GetFiles(Path.Combine(pack, "ref", $"net{major}.0"), "*.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(OrchestrationContext).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location))
            .ToImmutableArray();
    });
}
