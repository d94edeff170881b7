using WorkflowSdk.Analyzers.Tests.Infrastructure;

namespace WorkflowSdk.Analyzers.Tests;

/// <summary>
/// Analyzer crashes (AD0001) break warnings-as-errors builds; code being typed is broken most of the time.
/// Every analyzer runs over broken code here and must never throw.
/// </summary>
public class RobustnessTests
{
    public static TheoryData<string> BrokenSnippets => new()
    {
        "using WorkflowSdk; public class C { [Orchestration] public async Task Run(OrchestrationContext c) { await c.CallActivityAsync(",
        "using WorkflowSdk; public class C { [Orchestration(] public void Run(OrchestrationContext) { DateTime.Now. } }",
        "using WorkflowSdk; public class C { public int P => Helper(; static int Helper() => Q; static int Q { get => Helper() } }",
        "using WorkflowSdk; public partial class C { partial void M(); [Orchestration] void R(OrchestrationContext c) { M(); new C(1, ); } }",
        "using WorkflowSdk; class C { void R(OrchestrationContext c) { var x = (c, y) => { Task.Delay(; }; foreach (var i in ) { } lock() {} try { } catch { await } } }",
        "using WorkflowSdk; class C { void R(OrchestrationContext c) { if (!c.IsReplaying) Console.WriteLine(; if (c.IsReplaying) return } }",
        "using WorkflowSdk; class C : OrchestrationContext { }",
        "using WorkflowSdk; class C { [Orchestration] async void R(OrchestrationContext c) => await Undefined.Thing().ConfigureAwait(false; }",
        "class C { [WorkflowSdk.Orchestration] static int R(WorkflowSdk.OrchestrationContext c) => R(c) + R(null!) + s_x++; static int s_x; }",
        "using WorkflowSdk; class C { static Task R(OrchestrationContext c) => c.CallActivityAsync<int>(\"x\").Result.GetAwaiter().GetResult(); }",
        "using WorkflowSdk; using L = Microsoft.Extensions.Logging; class C(L.ILogger log) { void R(OrchestrationContext c) { log.LogInformation(; log = null; } }",
        "using WorkflowSdk; class C { void R(OrchestrationContext c) { Task.WhenAll(new[] { c.CallActivityAsync(\"a\"), }; Task.WhenAny([c.CreateTimer(default), ]); } }",
        "@@@ ### using using; namespace ; class { } }",
        string.Empty,
    };

    [Theory]
    [MemberData(nameof(BrokenSnippets))]
    public async Task AllAnalyzers_BrokenCode_NeverThrow(string source)
    {
        var compilation = AnalyzerRunner.Compile(new[] { ("Broken.cs", "using System; using System.Threading.Tasks;\n" + source) });

        var (_, crashes) = await AnalyzerRunner.RunAsync(compilation);

        Assert.Empty(crashes);
    }

    [Fact]
    public async Task AllAnalyzers_ShowcaseTypedCharacterByCharacter_NeverThrow()
    {
        // Every prefix of a real file, as an editor sees it while it is typed (sampled every 37 characters).
        var text = AnalyzerRunner.ReadSample("ViolationsShowcase.cs");
        for (var length = 0; length <= text.Length; length += 37)
        {
            var compilation = AnalyzerRunner.Compile(new[] { ("Typing.cs", text[..length]) });

            var (_, crashes) = await AnalyzerRunner.RunAsync(compilation);

            Assert.True(crashes.Count == 0, $"prefix of {length} characters: {string.Join("; ", crashes)}");
        }
    }
}
