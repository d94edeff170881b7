using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using WorkflowSdk.Analyzers.Infrastructure;

namespace WorkflowSdk.Analyzers.CodeFixes;

/// <summary>
/// The shared half of the fixes: each diagnostic that can be fixed carries, in its properties, which fix
/// applies and the name of the orchestration context parameter in scope (the analyzer found it; a diagnostic
/// without one, e.g. in a helper without a context or reported through a call, offers no fix). A fix replaces
/// one node with another, so Fix All is the batch fixer.
/// </summary>
public abstract class OrchestrationCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(FixKeys.Fix, out var fix) || fix is null)
            {
                continue;
            }

            diagnostic.Properties.TryGetValue(FixKeys.Context, out var contextName);
            diagnostic.Properties.TryGetValue(FixKeys.Argument, out var argument);
            var location = diagnostic.AdditionalLocations.Count > 0 ? diagnostic.AdditionalLocations[0] : diagnostic.Location;
            var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
            var request = new FixRequest(fix, contextName, argument, node, semanticModel);
            var replacement = CreateReplacement(request);
            if (replacement is null)
            {
                continue;
            }

            var title = Title(request);
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    cancellationToken => ReplaceAsync(context.Document, request, cancellationToken),
                    equivalenceKey: diagnostic.Id),
                diagnostic);
        }
    }

    /// <summary>The code action's title.</summary>
    private protected abstract string Title(FixRequest request);

    /// <summary>
    /// The node that replaces <see cref="FixRequest.Node"/>, or <see langword="null"/> when the fix does not apply.
    /// Annotate parts that need simplifying with <see cref="Simplifier.Annotation"/>.
    /// </summary>
    private protected abstract SyntaxNode? CreateReplacement(FixRequest request);

    /// <summary>The node a replacement takes the place of (by default the one found; overridden to widen it).</summary>
    private protected virtual SyntaxNode Target(FixRequest request) => request.Node;

    /// <summary>An expression referring to the orchestration context.</summary>
    private protected static ExpressionSyntax Context(FixRequest request) => SyntaxFactory.IdentifierName(request.ContextName!);

    /// <summary>Parses <paramref name="text"/> as an expression.</summary>
    private protected static ExpressionSyntax Parse(string text) =>
        SyntaxFactory.ParseExpression(text).WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>How <paramref name="metadataName"/> is spelled at the fixed node given its usings (e.g. <c>TimeSpan</c> or <c>System.TimeSpan</c>).</summary>
    private protected static string TypeName(FixRequest request, string metadataName) =>
        request.SemanticModel.Compilation.GetTypeByMetadataName(metadataName) is { } type
            ? type.ToMinimalDisplayString(request.SemanticModel, request.Node.SpanStart)
            : "global::" + metadataName;

    private async Task<Document> ReplaceAsync(Document document, FixRequest request, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var replacement = CreateReplacement(request);
        if (root is null || replacement is null)
        {
            return document;
        }

        var target = Target(request);
        var newRoot = root.ReplaceNode(target, replacement.WithTriviaFrom(target));
        return document.WithSyntaxRoot(newRoot);
    }

    /// <summary>One diagnostic to fix.</summary>
    private protected sealed class FixRequest
    {
        public FixRequest(string fix, string? contextName, string? argument, SyntaxNode node, SemanticModel semanticModel)
        {
            SemanticModel = semanticModel;
            Fix = fix;
            ContextName = contextName;
            Argument = argument;
            Node = node;
        }

        public string Fix { get; }

        public string? ContextName { get; }

        public string? Argument { get; }

        public SyntaxNode Node { get; }

        public SemanticModel SemanticModel { get; }
    }
}
