using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkflowSdk.Analyzers.Infrastructure;

namespace WorkflowSdk.Analyzers.Rules;

/// <summary>WF0004: <c>await</c> (also <c>await foreach</c> and <c>await using</c>) inside a catch or finally block.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AwaitInCatchOrFinallyAnalyzer : OrchestrationAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.AwaitInCatchOrFinally,
        title: "Do not await inside catch or finally blocks of orchestration code",
        messageFormat: RuleText.MessageFormat,
        category: RuleText.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A finally block also runs when the worker unloads a cached orchestration, and a catch block replays only if the failure replays identically; an await there schedules work that history may not match. Record the outcome in a variable and await after the try statement.",
        helpLinkUri: RuleText.HelpLink(RuleIdentifiers.AwaitInCatchOrFinally));

    internal static readonly OrchestrationRule Detector = new Detection();

    /// <summary>Creates the analyzer.</summary>
    public AwaitInCatchOrFinallyAnalyzer()
        : base(Detector)
    {
    }

    private sealed class Detection : OrchestrationRule
    {
        public Detection()
            : base(Rule, OperationKind.Await, OperationKind.Loop, OperationKind.Using, OperationKind.UsingDeclaration)
        {
        }

        public override void Inspect(IOperation operation, WalkContext context)
        {
            var handler = context.State.Handler;
            if (handler is null)
            {
                return;
            }

            var what = operation switch
            {
                IAwaitOperation => "awaits",
                IForEachLoopOperation { IsAsynchronous: true } => "uses await foreach",
                IUsingOperation { IsAsynchronous: true } => "uses await using",
                IUsingDeclarationOperation { IsAsynchronous: true } => "uses await using",
                _ => null,
            };

            if (what is not null)
            {
                context.Report(this, operation, $"{what} inside a {handler} block, which may not replay the same way");
            }
        }
    }
}
