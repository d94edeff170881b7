using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkflowSdk.Analyzers.Infrastructure;

namespace WorkflowSdk.Analyzers.Rules;

/// <summary>
/// WF0011: values that depend on per-process randomized hashing: <c>string.GetHashCode()</c>, string comparers'
/// hash codes, identity hash codes, <c>HashCode</c>; and enumerating hash-ordered collections
/// (<c>ConcurrentDictionary</c>, <c>Hashtable</c>, <c>ImmutableDictionary</c>, <c>ImmutableHashSet</c>).
/// </summary>
/// <remarks>
/// <c>Dictionary</c> and <c>HashSet</c> enumerate in insertion order while nothing is removed, so they are not
/// flagged; hash-ordered collections keyed by numbers, enums, <c>Guid</c> or <c>DateTime</c> (stable hashes) are
/// not flagged either. Order-insensitive queries (Count, Any, Contains, Min, Max, ...) are fine.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HashRandomizationAnalyzer : OrchestrationAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.HashRandomization,
        title: "Do not depend on randomized hash codes or hash ordering in orchestration code",
        messageFormat: RuleText.MessageFormat,
        category: RuleText.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "String hash codes are randomized per process, and object hash codes are identities: a replay on another worker (or after a restart) sees other values, and collections ordered by hash enumerate in another order. Use a stable hash (e.g. a hash of the UTF-8 bytes) and ordered collections.",
        helpLinkUri: RuleText.HelpLink(RuleIdentifiers.HashRandomization));

    internal static readonly OrchestrationRule Detector = new Detection();

    private static readonly ImmutableHashSet<string> s_orderInsensitive = ImmutableHashSet.Create(
        "Count", "LongCount", "Any", "All", "Contains", "Min", "Max", "ToDictionary", "ToHashSet", "ToLookup",
        "Sum", "Average", "MinBy", "MaxBy");

    /// <summary>Creates the analyzer.</summary>
    public HashRandomizationAnalyzer()
        : base(Detector)
    {
    }

    private sealed class Detection : OrchestrationRule
    {
        public Detection()
            : base(Rule, OperationKind.Invocation, OperationKind.Loop)
        {
        }

        public override void Inspect(IOperation operation, WalkContext context)
        {
            var symbols = context.Symbols;
            switch (operation)
            {
                case IForEachLoopOperation loop when HashOrderedSource(loop.Collection, symbols) is { } source:
                    context.Report(this, loop.Collection, $"enumerates {source}, whose order depends on randomized hash codes");
                    break;

                case IInvocationOperation { TargetMethod: var method } invocation:
                    if (method.Name == "GetHashCode")
                    {
                        var receiver = invocation.Instance?.Type;
                        if (receiver?.SpecialType == SpecialType.System_String || KnownSymbols.Is(method.ContainingType, symbols.String))
                        {
                            context.Report(this, operation, "calls string.GetHashCode(), which is randomized per process");
                        }
                        else if (IsStringComparer(method.ContainingType))
                        {
                            context.Report(this, operation, "calls a StringComparer's GetHashCode, which is randomized per process");
                        }
                        else if (method.ContainingType?.SpecialType == SpecialType.System_Object && receiver is { IsReferenceType: true }
                            && receiver.SpecialType is not (SpecialType.System_String or SpecialType.System_Object) && !OverridesGetHashCode(receiver))
                        {
                            context.Report(this, operation, "calls object.GetHashCode(), an identity hash that differs per process");
                        }
                    }
                    else if (KnownSymbols.Is(method.ContainingType, symbols.HashCode) && method.Name is "Combine" or "ToHashCode")
                    {
                        context.Report(this, operation, $"calls HashCode.{method.Name}, which is randomized per process");
                    }
                    else if (method.IsExtensionMethod || method.ReducedFrom is not null)
                    {
                        var definition = method.ReducedFrom ?? method;
                        if (KnownSymbols.Is(definition.ContainingType, symbols.Enumerable) && !s_orderInsensitive.Contains(method.Name)
                            && FirstArgument(invocation) is { } collection && HashOrderedSource(collection, symbols) is { } source)
                        {
                            context.Report(this, operation, $"enumerates {source} with {method.Name}, whose order depends on randomized hash codes");
                        }
                    }
                    else if (method.Name == "ToArray" && invocation.Instance is { } instance && HashOrderedSource(instance, symbols) is { } source)
                    {
                        context.Report(this, operation, $"copies {source} in an order that depends on randomized hash codes");
                    }

                    break;
            }
        }

        private static IOperation? FirstArgument(IInvocationOperation invocation) =>
            invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);

        /// <summary>A description of the hash-ordered collection (or its Keys/Values) <paramref name="operation"/> is, if any.</summary>
        private static string? HashOrderedSource(IOperation operation, KnownSymbols symbols)
        {
            operation = WalkContext.Unwrap(operation);
            if (operation is IPropertyReferenceOperation { Property.Name: "Keys" or "Values", Instance: { } owner } && IsHashOrdered(owner.Type, symbols))
            {
                return $"the {((IPropertyReferenceOperation)operation).Property.Name} of a {owner.Type!.Name}";
            }

            return IsHashOrdered(operation.Type, symbols) ? "a " + operation.Type!.Name : null;
        }

        private static bool IsHashOrdered(ITypeSymbol? type, KnownSymbols symbols)
        {
            if (KnownSymbols.IsOrDerives(type, symbols.Hashtable))
            {
                return true;
            }

            if (type is INamedTypeSymbol { TypeArguments.Length: > 0 } named
                && (KnownSymbols.IsOrDerives(named, symbols.ConcurrentDictionary) || KnownSymbols.Is(named, symbols.ImmutableDictionary)
                    || KnownSymbols.Is(named, symbols.ImmutableHashSet)))
            {
                return !HasStableHash(named.TypeArguments[0]);
            }

            return false;
        }

        private static bool HasStableHash(ITypeSymbol key) =>
            key.TypeKind == TypeKind.Enum
            || key.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
                or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
                or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_DateTime
            || key.ToDisplayString() is "System.Guid" or "System.TimeSpan" or "System.DateTimeOffset";

        private static bool IsStringComparer(INamedTypeSymbol? type)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current.ToDisplayString() == "System.StringComparer")
                {
                    return true;
                }
            }

            return false;
        }

        private static bool OverridesGetHashCode(ITypeSymbol type)
        {
            if (type.TypeKind is TypeKind.Interface or TypeKind.TypeParameter or TypeKind.Delegate)
            {
                // Unknown implementation (interfaces, type parameters) or delegate equality: not flagged.
                return true;
            }

            for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                foreach (var member in current.GetMembers("GetHashCode"))
                {
                    if (member is IMethodSymbol { IsOverride: true, Parameters.Length: 0 })
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
