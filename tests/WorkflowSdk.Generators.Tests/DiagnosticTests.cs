using Microsoft.CodeAnalysis.Testing;
using WorkflowSdk.Generators.Tests.Infrastructure;

namespace WorkflowSdk.Generators.Tests;

/// <summary>Every generator diagnostic, at the declaration it is about (the <c>{|WFGnnnn:...|}</c> span).</summary>
public sealed class DiagnosticTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks; using WorkflowSdk;\n";

    [Fact]
    public Task WFG0001_OrchestrationWithoutContext_Triggers() => Verify.DiagnosticsAsync(Usings + """
        public static class W
        {
            [Orchestration] public static Task<int> A({|WFG0001:int x|}) => Task.FromResult(x);
            [Orchestration] public static Task B{|WFG0001:()|} => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task WFG0001_ContextFirst_DoesNotTrigger() => Verify.DiagnosticsAsync(Usings + """
        public static class W
        {
            [Orchestration] public static Task<int> A(OrchestrationContext context, int x) => Task.FromResult(x);
        }
        """);

    [Fact]
    public Task WFG0002_OrchestrationNotReturningTask_Triggers() => Verify.DiagnosticsAsync(Usings + """
        public static class W
        {
            [Orchestration] public static {|WFG0002:int|} A(OrchestrationContext context) => 1;
            [Orchestration] public static {|WFG0002:ValueTask<int>|} B(OrchestrationContext context) => default;
            [Orchestration] public static {|WFG0002:void|} C(OrchestrationContext context) { }
        }
        """);

    [Fact]
    public Task WFG0002_Message_NamesTheOrchestrationAndType() => Verify.DiagnosticsAsync(
        Usings + "public static class W { [Orchestration] public static {|#0:int|} A(OrchestrationContext context) => 1; }",
        Verify.Diagnostic("WFG0002").WithLocation(0).WithArguments("W.A", "int"));

    [Fact]
    public Task WFG0003_DuplicateActivityNames_TriggersAtBoth() => Verify.DiagnosticsAsync(Usings + """
        public static class A { [Activity("Charge")] public static int {|WFG0003:Pay|}(int x) => x; }
        public static class B { [Activity] public static int {|WFG0003:Charge|}(string card) => 1; }
        """);

    [Fact]
    public Task WFG0003_SameOrchestrationNameInTwoVersions_DoesNotTrigger() => Verify.DiagnosticsAsync(Usings + """
        public static class W
        {
            [Orchestration("Ship", Version = "1")] public static Task ShipV1(OrchestrationContext context, string order) => Task.CompletedTask;
            [Orchestration("Ship", Version = "2")] public static Task ShipV2(OrchestrationContext context, string order) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task WFG0003_SameNameAndVersion_Triggers() => Verify.DiagnosticsAsync(Usings + """
        public static class W
        {
            [Orchestration("Ship", Version = "2")] public static Task {|WFG0003:ShipA|}(OrchestrationContext context) => Task.CompletedTask;
            [Orchestration("Ship", Version = "2")] public static Task {|WFG0003:ShipB|}(OrchestrationContext context, int x) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task WFG0004_GenericMethodOrType_Triggers() => Verify.DiagnosticsAsync(Usings + """
        public static class W { [Activity] public static T {|WFG0004:Echo|}<T>(T value) => value; }
        public class G<T> { [Activity] public static int {|WFG0004:Count|}(int x) => x; }
        """);

    [Fact]
    public Task WFG0005_RefOutPointerSpan_Triggers() => Verify.DiagnosticsAsync(Usings + """
        public static unsafe class W
        {
            [Activity] public static void A({|WFG0005:ref int x|}) { }
            [Activity] public static void B({|WFG0005:out int x|}) { x = 1; }
            [Activity] public static void C({|WFG0005:int* p|}) { }
            [Activity] public static void D({|WFG0005:Span<byte> data|}) { }
            [Activity] public static {|WFG0005:Task<Func<int>>|} E() => Task.FromResult<Func<int>>(() => 1);
        }
        """);

    [Fact]
    public Task WFG0006_TwoActivitiesWithTheSameProxy_TriggersAtBoth() => Verify.DiagnosticsAsync(Usings + """
        namespace Billing { public static class Payments { [Activity("billing.charge")] public static int {|WFG0006:Charge|}(decimal amount) => 1; } }
        namespace Shop { public static class Payments { [Activity("shop.charge")] public static Task<int> {|WFG0006:ChargeAsync|}(decimal total) => Task.FromResult(1); } }
        """);

    [Fact]
    public Task WFG0006_SameProxyNameWithOtherParameterTypes_DoesNotTrigger() => Verify.DiagnosticsAsync(Usings + """
        namespace Billing { public static class Payments { [Activity("billing.charge")] public static int Charge(decimal amount) => 1; } }
        namespace Shop { public static class Payments { [Activity("shop.charge")] public static int Charge(string card, decimal total) => 1; } }
        """);

    [Fact]
    public Task WFG0006_OrchestrationHiddenByAClientMember_Triggers() => Verify.DiagnosticsAsync(Usings + """
        public static class W
        {
            [Orchestration] public static Task {|WFG0006:Orchestration|}(OrchestrationContext context) => Task.CompletedTask;
            [Orchestration] public static Task {|WFG0006:NewAsync|}(OrchestrationContext context) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task WFG0006_EventHidingAHandleMember_Triggers() => Verify.DiagnosticsAsync(Usings + """
        public static class W
        {
            [Orchestration]
            [{|WFG0006:ExternalEvent<int>("Event")|}]
            public static Task Wait(OrchestrationContext context) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task WFG0007_PrivateMethodOrType_Triggers() => Verify.DiagnosticsAsync(Usings + """
        public class W
        {
            [Activity] private static int {|WFG0007:Hidden|}(int x) => x;
            private static class Inner { [Activity] public static int {|WFG0007:AlsoHidden|}(int x) => x; }
            [Activity] protected static int {|WFG0007:Protected|}(int x) => x;
        }
        """);

    [Fact]
    public Task WFG0008_InstanceMethodOnAbstractOrUnconstructibleType_Triggers() => Verify.DiagnosticsAsync(Usings + """
        public abstract class A { [Activity] public int {|WFG0008:Run|}(int x) => x; }
        public sealed class B { private B() { } [Activity] public int {|WFG0008:Go|}(int x) => x; }
        """);

    [Fact]
    public Task WFG0009_MisplacedContexts_Trigger() => Verify.DiagnosticsAsync(Usings + """
        public static class W
        {
            [Activity] public static int A(int x, {|WFG0009:ActivityContext context|}) => x;
            [Activity] public static int B({|WFG0009:OrchestrationContext context|}) => 1;
            [Orchestration] public static Task C(OrchestrationContext context, {|WFG0009:CancellationToken token|}) => Task.CompletedTask;
            [Activity] public static int D(CancellationToken one, {|WFG0009:CancellationToken two|}) => 1;
        }
        """);

    [Fact]
    public Task WFG0010_InvalidOrDuplicateEvents_Trigger() => Verify.DiagnosticsAsync(Usings + """
        public static class W
        {
            [Orchestration]
            [{|WFG0010:ExternalEvent<int>("not valid")|}]
            [ExternalEvent<int>("Approval")]
            [{|WFG0010:ExternalEvent<string>("approval")|}]
            public static Task Wait(OrchestrationContext context) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task WFG0011_AsyncVoidActivity_Triggers() => Verify.DiagnosticsAsync(Usings + """
        public static class W { [Activity] public static async {|WFG0011:void|} Fire(int x) => await Task.Delay(x); }
        """);

    [Fact]
    public Task WFG0012_EmptyNameOrVersion_Triggers() => Verify.DiagnosticsAsync(Usings + """
        public static class W
        {
            [{|WFG0012:Activity(" ")|}] public static int A(int x) => x;
            [{|WFG0012:Orchestration(Version = "")|}] public static Task B(OrchestrationContext context) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task WFG0013_OneEventNameWithTwoDataTypes_TriggersAtBothOrchestrations() => Verify.DiagnosticsAsync(Usings + """
        public static class W
        {
            [Orchestration, ExternalEvent<int>("Approval")] public static Task {|WFG0013:A|}(OrchestrationContext context) => Task.CompletedTask;
            [Orchestration, ExternalEvent<string>("approval")] public static Task {|WFG0013:B|}(OrchestrationContext context) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task WFG0013_Message_NamesBothTypesAndTheWaitNotGenerated() => Verify.DiagnosticsAsync(
        Usings + """
        public static class W
        {
            [Orchestration, ExternalEvent<int>("Approval")] public static Task {|#0:A|}(OrchestrationContext context) => Task.CompletedTask;
            [Orchestration, ExternalEvent<string>("Approval")] public static Task {|#1:B|}(OrchestrationContext context) => Task.CompletedTask;
        }
        """,
        Verify.Diagnostic("WFG0013", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Approval", "int", "W.A", "string", "W.B", "WaitForApprovalAsync"),
        Verify.Diagnostic("WFG0013", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithLocation(1).WithArguments("Approval", "string", "W.B", "int", "W.A", "WaitForApprovalAsync"));

    [Fact]
    public Task WFG0013_OneEventNameWithOneDataTypeOnSeveralOrchestrations_DoesNotTrigger() => Verify.DiagnosticsAsync(Usings + """
        public static class W
        {
            [Orchestration("Ship", Version = "1"), ExternalEvent<int>("Approval")] public static Task ShipV1(OrchestrationContext context) => Task.CompletedTask;
            [Orchestration("Ship", Version = "2"), ExternalEvent<int>("approval")] public static Task ShipV2(OrchestrationContext context) => Task.CompletedTask;
        }
        """);

    [Fact]
    public void EveryDescriptor_HasAHelpLinkToItsDocPage_AndThePageExists()
    {
        var descriptors = typeof(DiagnosticDescriptors).GetProperties()
            .Select(p => (Microsoft.CodeAnalysis.DiagnosticDescriptor)p.GetValue(null)!)
            .ToList();
        var docs = Path.Combine(RepositoryRoot(), "docs", "generators");

        Assert.Equal(descriptors.Count, descriptors.Select(d => d.Id).Distinct().Count());
        foreach (var descriptor in descriptors)
        {
            Assert.EndsWith("/docs/generators/" + descriptor.Id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            var page = Path.Combine(docs, descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"Missing doc page {page}");
            Assert.StartsWith("# " + descriptor.Id, File.ReadAllText(page), StringComparison.Ordinal);
        }
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
