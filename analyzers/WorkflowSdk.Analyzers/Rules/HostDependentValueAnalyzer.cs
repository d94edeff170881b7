using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkflowSdk.Analyzers.Infrastructure;

namespace WorkflowSdk.Analyzers.Rules;

/// <summary>
/// WF0012: values that depend on the worker that runs the code: the local time zone, the current culture
/// (when it feeds a decision: parsing, culture-sensitive comparisons, formatting that is compared),
/// configuration (<c>IConfiguration</c>, <c>IOptionsMonitor</c>, <c>IOptionsSnapshot</c>) and <c>AsyncLocal</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HostDependentValueAnalyzer : OrchestrationAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.HostDependentValue,
        title: "Do not depend on the worker's time zone, culture, configuration or ambient state",
        messageFormat: RuleText.MessageFormat,
        category: RuleText.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An orchestration may be replayed on another worker, with another time zone, culture or configuration, or after a redeployment: a value read from the host can differ between runs. Pass such values as input, read them in an activity, or use the invariant culture and explicit time zones.",
        helpLinkUri: RuleText.HelpLink(RuleIdentifiers.HostDependentValue));

    internal static readonly OrchestrationRule Detector = new Detection();

    private static readonly ImmutableHashSet<SpecialType> s_parsable = ImmutableHashSet.Create(
        SpecialType.System_Single, SpecialType.System_Double, SpecialType.System_Decimal, SpecialType.System_DateTime,
        SpecialType.System_Int16, SpecialType.System_Int32, SpecialType.System_Int64,
        SpecialType.System_UInt16, SpecialType.System_UInt32, SpecialType.System_UInt64, SpecialType.System_Byte, SpecialType.System_SByte);

    private static readonly ImmutableHashSet<SpecialType> s_formattable = ImmutableHashSet.Create(
        SpecialType.System_Single, SpecialType.System_Double, SpecialType.System_Decimal, SpecialType.System_DateTime);

    /// <summary>Creates the analyzer.</summary>
    public HostDependentValueAnalyzer()
        : base(Detector)
    {
    }

    private sealed class Detection : OrchestrationRule
    {
        public Detection()
            : base(Rule, OperationKind.PropertyReference, OperationKind.Invocation)
        {
        }

        public override void Inspect(IOperation operation, WalkContext context)
        {
            var symbols = context.Symbols;
            switch (operation)
            {
                case IPropertyReferenceOperation { Property: var property }:
                    InspectProperty(operation, property, context);
                    break;

                case IInvocationOperation { TargetMethod: var method } invocation:
                    var containing = method.ContainingType;
                    if (method.Name is "ToLocalTime" && (KnownSymbols.Is(containing, symbols.DateTime) || KnownSymbols.Is(containing, symbols.DateTimeOffset)))
                    {
                        context.Report(this, operation, $"calls {containing!.Name}.ToLocalTime(), which uses the worker's time zone");
                    }
                    else if (method.Name is "ToUniversalTime" && KnownSymbols.Is(containing, symbols.DateTime))
                    {
                        context.Report(this, operation, "calls DateTime.ToUniversalTime(), which treats unspecified times as the worker's local time");
                    }
                    else if (method.Name is "ConvertTimeToUtc" && KnownSymbols.Is(containing, symbols.TimeZoneInfo) && method.Parameters.Length == 1)
                    {
                        context.Report(this, operation, "calls TimeZoneInfo.ConvertTimeToUtc(DateTime), which uses the worker's time zone");
                    }
                    else if (IsConfiguration(containing, symbols)
                        || (method.IsExtensionMethod && method.Parameters.Length > 0 && IsConfiguration(method.Parameters[0].Type, symbols))
                        || (method.ReducedFrom is { Parameters.Length: > 0 } reduced && IsConfiguration(reduced.Parameters[0].Type, symbols)))
                    {
                        context.Report(this, operation, $"reads configuration through {method.Name}, which can differ between workers and deployments");
                    }
                    else if (method.Name == "Get" && IsOptions(containing, symbols))
                    {
                        context.Report(this, operation, $"reads options through {containing!.Name}.Get, which can change while the orchestration runs");
                    }
                    else if (method.Name is "Parse" or "TryParse" && method.IsStatic && containing is not null
                        && (s_parsable.Contains(containing.SpecialType) || KnownSymbols.Is(containing, symbols.DateTimeOffset) || KnownSymbols.Is(containing, symbols.TimeSpan))
                        && !method.Parameters.Any(p => KnownSymbols.IsOrImplements(p.Type, symbols.IFormatProvider)))
                    {
                        context.Report(this, operation, $"calls {containing.Name}.{method.Name} without a format provider, which parses with the worker's culture");
                    }
                    else if (containing?.SpecialType == SpecialType.System_String && IsCultureSensitiveStringCall(method))
                    {
                        context.Report(this, operation, $"calls string.{method.Name} without a culture or comparison, which depends on the worker's culture");
                    }
                    else if (method.Name == "ToString" && containing is not null && (s_formattable.Contains(containing.SpecialType) || KnownSymbols.Is(containing, symbols.DateTimeOffset))
                        && !method.Parameters.Any(p => KnownSymbols.IsOrImplements(p.Type, symbols.IFormatProvider))
                        && FeedsDecision(operation))
                    {
                        context.Report(this, operation, $"formats a {containing.Name} with the worker's culture and uses the text in a decision");
                    }

                    break;
            }
        }

        private void InspectProperty(IOperation operation, IPropertySymbol property, WalkContext context)
        {
            var symbols = context.Symbols;
            var owner = property.ContainingType;
            if (property.Name == "Local" && KnownSymbols.Is(owner, symbols.TimeZoneInfo))
            {
                context.Report(this, operation, "reads TimeZoneInfo.Local, the worker's time zone");
            }
            else if (property.Name is "CurrentCulture" or "CurrentUICulture" or "DefaultThreadCurrentCulture" or "DefaultThreadCurrentUICulture"
                && (KnownSymbols.Is(owner, symbols.CultureInfo) || KnownSymbols.Is(owner, symbols.Thread)))
            {
                context.Report(this, operation, $"reads {owner!.Name}.{property.Name}, the worker's culture");
            }
            else if (property.Name == "LocalDateTime" && KnownSymbols.Is(owner, symbols.DateTimeOffset))
            {
                context.Report(this, operation, "reads DateTimeOffset.LocalDateTime, which uses the worker's time zone");
            }
            else if (property.Name == "CurrentValue" && KnownSymbols.Is(owner, symbols.IOptionsMonitor))
            {
                context.Report(this, operation, "reads options through IOptionsMonitor.CurrentValue, which can change while the orchestration runs");
            }
            else if (property.Name == "Value" && operation is IPropertyReferenceOperation { Instance.Type: { } receiver }
                && KnownSymbols.IsOrImplements(receiver, symbols.IOptionsSnapshot))
            {
                context.Report(this, operation, "reads options through IOptionsSnapshot.Value, which can change while the orchestration runs");
            }
            else if ((property.IsIndexer || property.Name == "Value") && IsConfiguration(owner, symbols))
            {
                context.Report(this, operation, "reads configuration, which can differ between workers and deployments");
            }
            else if (property.Name == "Value" && KnownSymbols.Is(owner, symbols.AsyncLocal))
            {
                var verb = operation.Parent is ISimpleAssignmentOperation assignment && assignment.Target == operation ? "writes" : "reads";
                context.Report(this, operation, $"{verb} AsyncLocal<T>.Value, ambient state that replay does not restore");
            }
        }

        private static bool IsConfiguration(ITypeSymbol? type, KnownSymbols symbols) =>
            symbols.IConfiguration is not null && KnownSymbols.IsOrImplements(type, symbols.IConfiguration);

        private static bool IsOptions(ITypeSymbol? type, KnownSymbols symbols) =>
            KnownSymbols.Is(type, symbols.IOptionsMonitor) || KnownSymbols.Is(type, symbols.IOptionsSnapshot);

        /// <summary>The culture-sensitive overloads: no StringComparison, CultureInfo or IFormatProvider parameter.</summary>
        private static bool IsCultureSensitiveStringCall(IMethodSymbol method)
        {
            var hasCultureOrComparison = method.Parameters.Any(p =>
                p.Type.ToDisplayString() is "System.StringComparison" or "System.Globalization.CultureInfo" or "System.IFormatProvider" or "System.Globalization.CompareOptions");
            if (hasCultureOrComparison)
            {
                return false;
            }

            return method.Name switch
            {
                "Compare" => method.IsStatic,
                "CompareTo" => true,
                "ToUpper" or "ToLower" => method.Parameters.Length == 0,
                "StartsWith" or "EndsWith" => method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_String,
                "IndexOf" or "LastIndexOf" => method.Parameters.Length >= 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_String,
                _ => false,
            };
        }

        /// <summary>Whether the value flows (within its expression) into a condition, comparison or switch.</summary>
        private static bool FeedsDecision(IOperation operation)
        {
            var child = operation;
            for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan
                        or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual }:
                        return true;
                    case IConditionalOperation conditional:
                        return conditional.Condition == child;
                    case ISwitchOperation or ISwitchExpressionOperation or IIsPatternOperation:
                        return true;
                    case IInvocationOperation { TargetMethod.Name: "Equals" or "StartsWith" or "EndsWith" or "Contains" or "CompareTo" or "Compare" or "ContainsKey" or "TryGetValue" }:
                        return true;
                    case IExpressionStatementOperation or IVariableDeclaratorOperation or IReturnOperation or IBlockOperation:
                        return false;
                }
            }

            return false;
        }
    }
}
