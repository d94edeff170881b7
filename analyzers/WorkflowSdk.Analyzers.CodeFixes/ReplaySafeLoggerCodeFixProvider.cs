using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using WorkflowSdk.Analyzers.Rules;

namespace WorkflowSdk.Analyzers.CodeFixes;

/// <summary>
/// WF0013: replaces the logger a log call goes through with <c>context.CreateReplaySafeLogger&lt;T&gt;()</c>
/// (T: the category of an <c>ILogger&lt;T&gt;</c>, else the enclosing type), or
/// <c>context.CreateReplaySafeLogger("Namespace.Type")</c> when the enclosing type is static.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaySafeLoggerCodeFixProvider)), Shared]
public sealed class ReplaySafeLoggerCodeFixProvider : OrchestrationCodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ReplaySafeLogger);

    private protected override string Title(FixRequest request) => $"Use {request.ContextName}.CreateReplaySafeLogger";

    private protected override SyntaxNode? CreateReplacement(FixRequest request)
    {
        if (request.Fix != ReplaySafeLoggerAnalyzer.FixReplaySafeLogger || request.ContextName is null || request.Argument is not { Length: > 2 } category)
        {
            return null;
        }

        var value = category.Substring(2);
        return category[0] switch
        {
            'T' => Parse($"{request.ContextName}.CreateReplaySafeLogger<{value}>()"),
            'S' => Parse($"{request.ContextName}.CreateReplaySafeLogger({SyntaxFactory.Literal(value).ToFullString()})"),
            _ => null,
        };
    }
}
