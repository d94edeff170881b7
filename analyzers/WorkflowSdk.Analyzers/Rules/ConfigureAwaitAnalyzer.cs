using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkflowSdk.Analyzers.Infrastructure;

namespace WorkflowSdk.Analyzers.Rules;

/// <summary>WF0006: <c>ConfigureAwait(false)</c> (or options without ContinueOnCapturedContext) in orchestration code.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConfigureAwaitAnalyzer : OrchestrationAnalyzer
{
    /// <summary>Fix: remove the ConfigureAwait call.</summary>
    public const string FixRemove = "RemoveConfigureAwait";

    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.ConfigureAwait,
        title: "Do not use ConfigureAwait(false) in orchestration code",
        messageFormat: RuleText.MessageFormat,
        category: RuleText.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "ConfigureAwait(false) resumes the orchestration on the thread pool instead of the engine's single-threaded scheduler, so the code after the await races the engine and replays in a different order. Await without it.",
        helpLinkUri: RuleText.HelpLink(RuleIdentifiers.ConfigureAwait));

    internal static readonly OrchestrationRule Detector = new Detection();

    private static readonly ImmutableDictionary<string, string?> s_fix =
        ImmutableDictionary<string, string?>.Empty.Add(FixKeys.Fix, FixRemove);

    /// <summary>Creates the analyzer.</summary>
    public ConfigureAwaitAnalyzer()
        : base(Detector)
    {
    }

    private sealed class Detection : OrchestrationRule
    {
        public Detection()
            : base(Rule, OperationKind.Invocation)
        {
        }

        public override void Inspect(IOperation operation, WalkContext context)
        {
            if (operation is not IInvocationOperation { TargetMethod: { Name: "ConfigureAwait" } method } invocation || invocation.Arguments.Length == 0)
            {
                return;
            }

            var symbols = context.Symbols;
            var containing = method.ContainingType;
            if (!symbols.IsAnyTask(containing) && !KnownSymbols.Is(containing, symbols.TaskAsyncEnumerableExtensions))
            {
                return;
            }

            var argument = invocation.Arguments[invocation.Arguments.Length - 1].Value;
            switch (argument.ConstantValue)
            {
                case { HasValue: true, Value: false }:
                    context.Report(this, operation, "uses ConfigureAwait(false), which resumes outside the orchestration's scheduler", s_fix);
                    break;
                case { HasValue: true, Value: int options } when argument.Type?.TypeKind == TypeKind.Enum && (options & 1) == 0:
                    // ConfigureAwaitOptions without ContinueOnCapturedContext (1): same effect; no automatic fix since
                    // the other flags change behaviour too.
                    context.Report(this, operation, "uses ConfigureAwait without ContinueOnCapturedContext, which resumes outside the orchestration's scheduler");
                    break;
            }
        }
    }
}
