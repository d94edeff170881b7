using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkflowSdk.Analyzers.Infrastructure;

namespace WorkflowSdk.Analyzers.Rules;

/// <summary>WF0014: <c>async void</c> methods and lambdas called from (or declared as) orchestration code.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AsyncVoidAnalyzer : OrchestrationAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.AsyncVoid,
        title: "Do not use async void in orchestration code",
        messageFormat: RuleText.MessageFormat,
        category: RuleText.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Nobody can await an async void method: the orchestration continues (and may complete) while it still runs, its context calls interleave with the caller's in an order replay cannot reproduce, and its exceptions crash the worker instead of failing the orchestration. Return Task and await it.",
        helpLinkUri: RuleText.HelpLink(RuleIdentifiers.AsyncVoid));

    internal static readonly OrchestrationRule Detector = new Detection();

    /// <summary>Creates the analyzer.</summary>
    public AsyncVoidAnalyzer()
        : base(Detector)
    {
    }

    private protected override void AnalyzeDeclaration(OperationBlockAnalysisContext context, IMethodSymbol method, OrchestrationModel model)
    {
        if (!method.IsAsync || !method.ReturnsVoid)
        {
            return;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(context.CancellationToken) is MethodDeclarationSyntax declaration)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Rule,
                    declaration.Identifier.GetLocation(),
                    $"Orchestration '{MemberNames.Display(method)}'",
                    "is async void, so the runtime cannot await it or see its exceptions",
                    string.Empty));
            }
        }
    }

    private sealed class Detection : OrchestrationRule
    {
        public Detection()
            : base(Rule, OperationKind.Invocation, OperationKind.AnonymousFunction)
        {
        }

        public override void Inspect(IOperation operation, WalkContext context)
        {
            switch (operation)
            {
                case IInvocationOperation { TargetMethod: { IsAsync: true, ReturnsVoid: true } method }:
                    context.Report(this, operation, $"calls async void '{MemberNames.Display(method)}', which nobody can await");
                    break;
                case IAnonymousFunctionOperation { Symbol: { IsAsync: true, ReturnsVoid: true } }:
                    context.Report(this, operation, "creates an async void lambda, which nobody can await");
                    break;
            }
        }
    }
}
