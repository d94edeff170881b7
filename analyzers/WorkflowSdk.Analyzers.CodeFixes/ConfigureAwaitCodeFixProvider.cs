using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WorkflowSdk.Analyzers.Rules;

namespace WorkflowSdk.Analyzers.CodeFixes;

/// <summary>WF0006: removes <c>.ConfigureAwait(false)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ConfigureAwaitCodeFixProvider)), Shared]
public sealed class ConfigureAwaitCodeFixProvider : OrchestrationCodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ConfigureAwait);

    private protected override string Title(FixRequest request) => "Remove ConfigureAwait(false)";

    private protected override SyntaxNode? CreateReplacement(FixRequest request) =>
        request.Fix == ConfigureAwaitAnalyzer.FixRemove
        && request.Node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
            ? access.Expression
            : null;
}
