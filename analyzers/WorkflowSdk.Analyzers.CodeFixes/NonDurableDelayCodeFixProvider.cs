using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using WorkflowSdk.Analyzers.Rules;

namespace WorkflowSdk.Analyzers.CodeFixes;

/// <summary>
/// WF0003: <c>Task.Delay(d[, ct])</c> becomes <c>context.CreateTimer(d[, ct])</c> and, in an async method,
/// <c>Thread.Sleep(d);</c> becomes <c>await context.CreateTimer(d);</c>. A delay in milliseconds is wrapped in
/// <c>TimeSpan.FromMilliseconds</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NonDurableDelayCodeFixProvider)), Shared]
public sealed class NonDurableDelayCodeFixProvider : OrchestrationCodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.NonDurableDelay);

    private protected override string Title(FixRequest request) => request.Fix == NonDurableDelayAnalyzer.FixSleep
        ? $"Use await {request.ContextName}.CreateTimer(...)"
        : $"Use {request.ContextName}.CreateTimer(...)";

    private protected override SyntaxNode? CreateReplacement(FixRequest request)
    {
        if (request.ContextName is null || request.Node is not InvocationExpressionSyntax invocation || invocation.ArgumentList.Arguments.Count == 0)
        {
            return null;
        }

        var arguments = invocation.ArgumentList.Arguments;
        var duration = arguments[0].Expression.WithoutTrivia();
        if (request.Argument == "Milliseconds")
        {
            duration = SyntaxFactory.InvocationExpression(
                Parse(TypeName(request, "System.TimeSpan") + ".FromMilliseconds"),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(duration))));
        }

        var newArguments = SyntaxFactory.SeparatedList(
            new[] { SyntaxFactory.Argument(duration) }.Concat(arguments.Skip(1).Select(a => a.WithoutTrivia())));
        var call = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Context(request), SyntaxFactory.IdentifierName("CreateTimer")),
            SyntaxFactory.ArgumentList(newArguments));

        ExpressionSyntax result = request.Fix switch
        {
            NonDurableDelayAnalyzer.FixDelay => call,
            NonDurableDelayAnalyzer.FixSleep => SyntaxFactory.AwaitExpression(call),
            _ => null!,
        };

        return result?.WithAdditionalAnnotations(Formatter.Annotation);
    }
}
