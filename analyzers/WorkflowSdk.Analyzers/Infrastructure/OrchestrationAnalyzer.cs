using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace WorkflowSdk.Analyzers.Infrastructure;

/// <summary>
/// The shared half of every rule: decides which code is orchestration code and reports the rule's
/// findings there, directly and through calls.
/// </summary>
/// <remarks>
/// <para>For each member the compiler hands over, the member is orchestration code when it is an
/// orchestration (<c>[Orchestration]</c> or a context parameter) or is reached from one through calls;
/// otherwise only the lambdas and local functions in it that take a context are. In orchestration code
/// the analyzer reports (1) the rule's findings in the body and (2) at every call to another member of
/// the compilation, the nearest finding of the rule among everything that call reaches, with the path.</para>
/// <para>Detection itself lives in the rule's <see cref="OrchestrationRule"/> and runs once per member in
/// <see cref="OrchestrationModel"/>, shared by all analyzers.</para>
/// </remarks>
public abstract class OrchestrationAnalyzer : DiagnosticAnalyzer
{
    private readonly OrchestrationRule _rule;

    private protected OrchestrationAnalyzer(OrchestrationRule rule)
    {
        _rule = rule;
        SupportedDiagnostics = ImmutableArray.Create(rule.Descriptor);
    }

    /// <inheritdoc/>
    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var model = OrchestrationModel.For(start.Compilation);
            if (model is null)
            {
                // The compilation does not reference WorkflowSdk: nothing is orchestration code.
                return;
            }

            start.RegisterOperationBlockAction(block => AnalyzeMember(block, model));
        });
    }

    /// <summary>Extra checks on a member that are not about its body (e.g. an <c>async void</c> orchestration).</summary>
    private protected virtual void AnalyzeDeclaration(OperationBlockAnalysisContext context, IMethodSymbol method, OrchestrationModel model)
    {
    }

    /// <summary>
    /// An instance field or property initializer runs as part of every constructor that does not chain to
    /// <c>this(...)</c>; its findings belong to the first such constructor that orchestration code reaches.
    /// </summary>
    private void AnalyzeInitializer(OperationBlockAnalysisContext context, OrchestrationModel model)
    {
        try
        {
            if (context.OwningSymbol.IsStatic || context.OwningSymbol.ContainingType is not { } type)
            {
                return;
            }

            foreach (var constructor in type.InstanceConstructors)
            {
                var normalized = OrchestrationModel.Normalize(constructor);
                var isRoot = model.IsRoot(normalized);
                var reach = isRoot ? null : model.GetReach(normalized);
                if (!isRoot && reach is null)
                {
                    continue;
                }

                var suffix = reach is null
                    ? string.Empty
                    : $" (reached from orchestration '{MemberNames.Display(reach.Root)}' via {MemberNames.Path(reach.Path)})";
                foreach (var finding in model.GetSummary(normalized).Findings)
                {
                    if (finding.Rule == _rule && context.OperationBlocks.Any(b => b.Syntax.SyntaxTree == finding.Location.SourceTree && b.Syntax.Span.Contains(finding.Location.SourceSpan)))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(_rule.Descriptor, finding.Location, finding.AdditionalLocations, finding.Properties, "Orchestration code", finding.What, suffix));
                    }
                }

                return;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // See AnalyzeMember.
        }
    }

    private void AnalyzeMember(OperationBlockAnalysisContext context, OrchestrationModel model)
    {
        if (context.OwningSymbol is IFieldSymbol or IPropertySymbol)
        {
            AnalyzeInitializer(context, model);
            return;
        }

        if (context.OwningSymbol is not IMethodSymbol owner)
        {
            return;
        }

        try
        {
            var method = OrchestrationModel.Normalize(owner);
            var isRoot = model.IsRoot(method);
            var reach = isRoot || model.Symbols.IsActivity(method) ? null : model.GetReach(method);
            var wholeBody = isRoot || reach is not null;
            if (isRoot)
            {
                AnalyzeDeclaration(context, method, model);
            }

            var summary = model.GetSummary(method);
            var suffix = reach is null
                ? string.Empty
                : $" (reached from orchestration '{MemberNames.Display(reach.Root)}' via {MemberNames.Path(reach.Path)})";
            foreach (var finding in summary.Findings)
            {
                if (finding.Rule == _rule && (wholeBody || finding.InNestedRoot))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        _rule.Descriptor,
                        finding.Location,
                        finding.AdditionalLocations,
                        finding.Properties,
                        "Orchestration code",
                        finding.What,
                        finding.InNestedRoot ? string.Empty : suffix));
                }
            }

            foreach (var call in summary.Calls)
            {
                if ((wholeBody || call.InNestedRoot) && model.GetTransitive(call.Callee).TryGetValue(_rule, out var hit))
                {
                    var more = hit.Count > 1 ? $", and {hit.Count - 1} more" : string.Empty;
                    context.ReportDiagnostic(Diagnostic.Create(
                        _rule.Descriptor,
                        call.Location,
                        $"'{MemberNames.Display(call.Callee)}'",
                        hit.Finding.What,
                        $" (via {MemberNames.Path(hit.Path)}{more})"));
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Never crash the build (AD0001) on code we do not understand: report nothing for this member.
        }
    }
}
