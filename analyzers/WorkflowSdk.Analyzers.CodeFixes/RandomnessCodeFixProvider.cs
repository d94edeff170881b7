using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using WorkflowSdk.Analyzers.Rules;

namespace WorkflowSdk.Analyzers.CodeFixes;

/// <summary>WF0002: <c>Guid.NewGuid()</c> becomes <c>context.NewGuid()</c> (deterministic, different per call and per instance).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RandomnessCodeFixProvider)), Shared]
public sealed class RandomnessCodeFixProvider : OrchestrationCodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.Randomness);

    private protected override string Title(FixRequest request) => $"Use {request.ContextName}.NewGuid()";

    private protected override SyntaxNode? CreateReplacement(FixRequest request) =>
        request.Fix == RandomnessAnalyzer.FixNewGuid && request.ContextName is not null
            ? Parse($"{request.ContextName}.NewGuid()")
            : null;
}
