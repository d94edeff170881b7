using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkflowSdk.Analyzers.Infrastructure;

namespace WorkflowSdk.Analyzers.Rules;

/// <summary>
/// WF0013: logging through a logger that is not the replay-safe one, and writing to the console, outside an
/// <c>if (!context.IsReplaying)</c> guard.
/// </summary>
/// <remarks>
/// Replay-safe: the result of <c>context.CreateReplaySafeLogger(...)</c>, locals assigned only from it, and fields
/// or properties that the declaring type assigns only from it. A logger received as a parameter is not flagged
/// (the caller may pass the replay-safe one). Log calls inside an <c>IsReplaying</c> guard are never flagged.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReplaySafeLoggerAnalyzer : OrchestrationAnalyzer
{
    /// <summary>Fix: replace the logger with <c>context.CreateReplaySafeLogger...</c>.</summary>
    public const string FixReplaySafeLogger = "ReplaySafeLogger";

    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.ReplaySafeLogger,
        title: "Log through the replay-safe logger in orchestration code",
        messageFormat: RuleText.MessageFormat,
        category: RuleText.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Orchestration code runs again on every replay, so an ordinary logger (or the console) writes the same entries again each time. Use the logger from context.CreateReplaySafeLogger, which is silent while replaying, or guard the call with if (!context.IsReplaying).",
        helpLinkUri: RuleText.HelpLink(RuleIdentifiers.ReplaySafeLogger));

    internal static readonly OrchestrationRule Detector = new Detection();

    /// <summary>Creates the analyzer.</summary>
    public ReplaySafeLoggerAnalyzer()
        : base(Detector)
    {
    }

    private sealed class Detection : OrchestrationRule
    {
        private const int MaxDepth = 4;

        public Detection()
            : base(Rule, OperationKind.Invocation)
        {
        }

        public override void Inspect(IOperation operation, WalkContext context)
        {
            if (operation is not IInvocationOperation invocation || !LoggingCalls.IsLoggingCall(invocation, context.Symbols, out var logger))
            {
                return;
            }

            if (logger is null)
            {
                context.Report(this, operation, $"writes to the console with {invocation.TargetMethod.Name}, which repeats on every replay");
                return;
            }

            if (IsReplaySafe(logger, context, 0))
            {
                return;
            }

            var unwrapped = WalkContext.Unwrap(logger);
            var name = unwrapped switch
            {
                IFieldReferenceOperation field => field.Field.Name,
                IPropertyReferenceOperation property => property.Property.Name,
                ILocalReferenceOperation local => local.Local.Name,
                IParameterReferenceOperation parameter => parameter.Parameter.Name,
                _ => unwrapped.Syntax.ToString(),
            };

            var canFix = unwrapped is IFieldReferenceOperation or IPropertyReferenceOperation or ILocalReferenceOperation or IParameterReferenceOperation
                && Category(unwrapped, context) is not null;
            var properties = canFix ? context.FixProperties(FixReplaySafeLogger, FixKeys.Argument, Category(unwrapped, context)) : null;
            context.Report(
                this,
                operation,
                $"logs through '{name}', which is not replay-safe and writes the entry again on every replay",
                properties,
                properties is null ? null : unwrapped.Syntax.GetLocation());
        }

        private static bool IsReplaySafe(IOperation logger, WalkContext context, int depth)
        {
            logger = WalkContext.Unwrap(logger);
            if (depth > MaxDepth)
            {
                return true;
            }

            switch (logger)
            {
                case IInvocationOperation invocation:
                    return IsCreateReplaySafeLogger(invocation.TargetMethod, context.Symbols);
                case IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } }:
                    // A primary-constructor parameter used in a method is an injected logger.
                    return false;
                case IParameterReferenceOperation:
                    // The caller may pass the replay-safe logger; not knowing, do not flag.
                    return true;
                case ILocalReferenceOperation local:
                    var values = context.ValuesOf(local.Local);
                    return values.All(v => IsReplaySafe(v, context, depth + 1));
                case IFieldReferenceOperation field:
                    return context.Model.GetFact("ReplaySafeLoggerMember", field.Field, AssignedOnlyFromReplaySafeLogger);
                case IPropertyReferenceOperation property:
                    return context.Model.GetFact("ReplaySafeLoggerMember", property.Property, AssignedOnlyFromReplaySafeLogger);
                default:
                    return false;
            }
        }

        private static bool IsCreateReplaySafeLogger(IMethodSymbol method, KnownSymbols symbols) =>
            method.Name == "CreateReplaySafeLogger" && symbols.IsOrchestrationContext(method.ContainingType);

        /// <summary>Every assignment to the member in its declaring type (initializer included) calls CreateReplaySafeLogger.</summary>
        private static bool AssignedOnlyFromReplaySafeLogger(ISymbol member)
        {
            var assigned = 0;
            foreach (var typeReference in member.ContainingType.DeclaringSyntaxReferences)
            {
                foreach (var node in typeReference.GetSyntax().DescendantNodes())
                {
                    ExpressionSyntax? value = node switch
                    {
                        AssignmentExpressionSyntax assignment when TargetName(assignment.Left) == member.Name => assignment.Right,
                        VariableDeclaratorSyntax { Initializer: { } initializer } declarator
                            when declarator.Identifier.ValueText == member.Name && declarator.Parent?.Parent is FieldDeclarationSyntax => initializer.Value,
                        PropertyDeclarationSyntax { Initializer: { } initializer } property when property.Identifier.ValueText == member.Name => initializer.Value,
                        _ => null,
                    };

                    if (value is null)
                    {
                        continue;
                    }

                    if (!value.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Any(i => InvokedName(i) == "CreateReplaySafeLogger"))
                    {
                        return false;
                    }

                    assigned++;
                }
            }

            return assigned > 0;
        }

        private static string? TargetName(ExpressionSyntax target) => target switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            _ => null,
        };

        private static string? InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            GenericNameSyntax generic => generic.Identifier.ValueText,
            _ => null,
        };

        /// <summary>
        /// The category for the fix: "T:Type" for <c>CreateReplaySafeLogger&lt;Type&gt;()</c> (the T of an ILogger&lt;T&gt;,
        /// or the enclosing type) or "S:Name" for <c>CreateReplaySafeLogger("Name")</c> when the type is static.
        /// </summary>
        private static string? Category(IOperation logger, WalkContext context)
        {
            var semanticModel = logger.SemanticModel;
            if (semanticModel is null)
            {
                return null;
            }

            var position = logger.Syntax.SpanStart;
            if (logger.Type is INamedTypeSymbol { TypeArguments.Length: 1 } generic && KnownSymbols.Is(generic, context.Symbols.ILoggerOfT))
            {
                return "T:" + generic.TypeArguments[0].ToMinimalDisplayString(semanticModel, position);
            }

            var enclosing = semanticModel.GetEnclosingSymbol(position)?.ContainingType;
            if (enclosing is null)
            {
                return null;
            }

            return enclosing.IsStatic
                ? "S:" + enclosing.ToDisplayString()
                : "T:" + enclosing.ToMinimalDisplayString(semanticModel, position);
        }
    }
}
