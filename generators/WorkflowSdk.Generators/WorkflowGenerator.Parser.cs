using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WorkflowSdk.Generators.Common;
using WorkflowSdk.Generators.Model;

namespace WorkflowSdk.Generators;

public sealed partial class WorkflowGenerator
{
    /// <summary>
    /// Turns one attributed method symbol into a <see cref="MethodParseResult"/>: a symbol-free model plus the
    /// problems found in that method alone. Writes no source.
    /// </summary>
    internal static class Parser
    {
        private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static readonly SymbolDisplayFormat DisplayFormat = SymbolDisplayFormat.CSharpErrorMessageFormat;

        /// <summary>Members of <c>WorkflowClient</c> that a generated <c>Start{Stem}Async</c> extension would be hidden by.</summary>
        private static readonly HashSet<string> ClientMembers = new HashSet<string>
        {
            "StartOrchestrationAsync", "StartNewAsync",
        };

        /// <summary>Members of <c>OrchestrationHandle</c> that a generated <c>Raise{Event}Async</c> would hide.</summary>
        private static readonly HashSet<string> HandleMembers = new HashSet<string> { "RaiseEventAsync" };

        public static MethodParseResult Parse(GeneratorAttributeSyntaxContext context, WorkflowKind kind, CancellationToken cancellationToken)
        {
            var method = (IMethodSymbol)context.TargetSymbol;
            var syntax = (MethodDeclarationSyntax)context.TargetNode;
            var attribute = context.Attributes[0];
            var diagnostics = new List<DiagnosticInfo>();
            var display = method.ContainingType.ToDisplayString(DisplayFormat) + "." + method.Name;
            var nameLocation = syntax.Identifier.GetLocation();
            cancellationToken.ThrowIfCancellationRequested();

            var explicitName = NamedOrFirstArgument(attribute, "Name");
            var name = explicitName ?? method.Name;
            var version = kind == WorkflowKind.Orchestration ? NamedOrFirstArgument(attribute, "Version", constructorIndex: -1) : null;
            var attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? nameLocation;
            if (string.IsNullOrWhiteSpace(name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, attributeLocation, display, "name"));
            }

            if (version != null && string.IsNullOrWhiteSpace(version))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, attributeLocation, display, "version"));
            }

            if (method.IsGenericMethod || IsInGenericType(method.ContainingType))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericMethod, nameLocation, display));
            }

            CheckAccessibility(method, display, nameLocation, diagnostics);

            var parameters = ParseParameters(method, syntax, kind, display, nameLocation, diagnostics);
            var (returnKind, resultType) = ParseReturn(method, syntax, kind, display, diagnostics);
            var constructor = method.IsStatic
                ? ImmutableEquatableArray<string>.Empty
                : ParseConstructor(method.ContainingType, display, nameLocation, diagnostics);
            var stem = ProxyStem(method.Name, explicitName, version);
            var events = kind == WorkflowKind.Orchestration
                ? ParseEvents(method, display, attributeLocation, diagnostics, cancellationToken)
                : ImmutableEquatableArray<EventSpec>.Empty;

            if (kind == WorkflowKind.Orchestration && ClientMembers.Contains("Start" + stem + "Async"))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.GeneratedMemberCollision, nameLocation, "WorkflowClient.Start" + stem + "Async", display,
                    "the WorkflowClient member of that name, which would hide it"));
            }

            if (diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error))
            {
                return new MethodParseResult(null, null, diagnostics.ToImmutableEquatableArray());
            }

            var ns = method.ContainingType.ContainingNamespace is { IsGlobalNamespace: false } containing
                ? containing.ToDisplayString()
                : "";
            var spec = new WorkflowMethodSpec
            {
                Kind = kind,
                Name = name!,
                Version = version,
                MethodName = method.Name,
                Stem = stem,
                DeclaringType = method.ContainingType.ToDisplayString(TypeFormat),
                DeclaringTypeDisplay = method.ContainingType.ToDisplayString(DisplayFormat),
                Namespace = ns,
                IsStatic = method.IsStatic,
                ConstructorParameters = constructor,
                Parameters = parameters,
                ReturnKind = returnKind,
                ResultType = resultType,
                IsPublic = IsEffectivelyPublic(method),
                Events = events,
            };
            var key = new WorkflowMethodKey(
                kind, spec.Name, version, Signatures.Proxy(spec), Signatures.HandleType(spec), display, LocationInfo.From(nameLocation),
                spec.Events.Count > 0 ? spec.Events : null);
            return new MethodParseResult(spec, key, diagnostics.ToImmutableEquatableArray());
        }

        /// <summary>
        /// What generated members are named after: the registered name when the attribute gives one that is an identifier
        /// (so Durable Functions-style <c>[Orchestration("BookTrip")] static Task Run(...)</c> methods in several classes
        /// get <c>StartBookTripAsync</c>, not colliding <c>StartRunAsync</c>s), otherwise the method's name; without a
        /// trailing <c>Async</c>. A versioned orchestration keeps its method's name: its versions share the registered name.
        /// </summary>
        private static string ProxyStem(string methodName, string? explicitName, string? version)
        {
            var basis = version == null && explicitName != null && SyntaxFacts.IsValidIdentifier(explicitName)
                ? char.ToUpperInvariant(explicitName[0]) + explicitName.Substring(1)
                : methodName;
            return basis.EndsWith("Async", System.StringComparison.Ordinal) && basis.Length > "Async".Length
                ? basis.Substring(0, basis.Length - "Async".Length)
                : basis;
        }

        private static string? NamedOrFirstArgument(AttributeData attribute, string name, int constructorIndex = 0)
        {
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == name)
                {
                    return named.Value.Value as string;
                }
            }

            return constructorIndex >= 0 && attribute.ConstructorArguments.Length > constructorIndex
                ? attribute.ConstructorArguments[constructorIndex].Value as string
                : null;
        }

        private static ImmutableEquatableArray<ParameterSpec> ParseParameters(
            IMethodSymbol method, MethodDeclarationSyntax syntax, WorkflowKind kind, string display, Location nameLocation, List<DiagnosticInfo> diagnostics)
        {
            var result = new List<ParameterSpec>(method.Parameters.Length);
            if (kind == WorkflowKind.Orchestration
                && (method.Parameters.Length == 0 || !IsType(method.Parameters[0].Type, "WorkflowSdk", "OrchestrationContext")))
            {
                var location = method.Parameters.Length == 0 ? syntax.ParameterList.GetLocation() : ParameterLocation(syntax, 0, nameLocation);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OrchestrationFirstParameter, location, display));
            }

            var sawToken = false;
            for (var i = 0; i < method.Parameters.Length; i++)
            {
                var parameter = method.Parameters[i];
                var location = ParameterLocation(syntax, i, nameLocation);
                var role = ParameterRole.Input;
                if (IsType(parameter.Type, "WorkflowSdk", "OrchestrationContext"))
                {
                    role = ParameterRole.OrchestrationContext;
                    if (kind == WorkflowKind.Activity || i != 0)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.MisplacedContext, location, display,
                            kind == WorkflowKind.Activity
                                ? "an activity cannot take an OrchestrationContext (it runs outside the orchestration)"
                                : "OrchestrationContext must be the first parameter, and only once"));
                    }
                }
                else if (IsType(parameter.Type, "WorkflowSdk", "ActivityContext"))
                {
                    role = ParameterRole.ActivityContext;
                    if (kind == WorkflowKind.Orchestration || i != 0)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.MisplacedContext, location, display,
                            kind == WorkflowKind.Orchestration
                                ? "an orchestration cannot take an ActivityContext; its first parameter is the OrchestrationContext"
                                : "ActivityContext must be the first parameter, and only once"));
                    }
                }
                else if (IsType(parameter.Type, "System.Threading", "CancellationToken"))
                {
                    role = ParameterRole.CancellationToken;
                    if (kind == WorkflowKind.Orchestration || sawToken)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.MisplacedContext, location, display,
                            kind == WorkflowKind.Orchestration
                                ? "an orchestration cannot take a CancellationToken: cancel durable waits through the OrchestrationContext"
                                : "an activity can take at most one CancellationToken (it receives ActivityContext.CancellationToken)"));
                    }

                    sawToken = true;
                }

                if (parameter.RefKind != RefKind.None)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnserializableParameter, location, "Parameter '" + parameter.Name + "'", display,
                        "'" + parameter.RefKind.ToString().ToLowerInvariant() + "' parameters cannot be passed through a durable call"));
                }

                if (role == ParameterRole.Input && Unserializable(parameter.Type) is string why)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnserializableParameter, location, "Parameter '" + parameter.Name + "'", display, why));
                }

                if (role == ParameterRole.Input && Inaccessible(parameter.Type) is ITypeSymbol hidden)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.Inaccessible, location, display, "its parameter type '" + hidden.ToDisplayString(DisplayFormat) + "'"));
                }

                result.Add(new ParameterSpec(EscapeIdentifier(parameter.Name), parameter.Type.ToDisplayString(TypeFormat), role, DefaultValue(parameter)));
            }

            return result.ToImmutableEquatableArray();
        }

        private static (ReturnKind Kind, string? ResultType) ParseReturn(
            IMethodSymbol method, MethodDeclarationSyntax syntax, WorkflowKind kind, string display, List<DiagnosticInfo> diagnostics)
        {
            var location = syntax.ReturnType.GetLocation();
            var type = method.ReturnType;
            ReturnKind returnKind;
            ITypeSymbol? result = null;
            if (method.ReturnsVoid)
            {
                returnKind = ReturnKind.Void;
            }
            else if (type is INamedTypeSymbol named && IsType(named.OriginalDefinition, "System.Threading.Tasks", "Task"))
            {
                returnKind = named.IsGenericType ? ReturnKind.TaskOfT : ReturnKind.Task;
                result = named.IsGenericType ? named.TypeArguments[0] : null;
            }
            else if (type is INamedTypeSymbol valueTask && IsType(valueTask.OriginalDefinition, "System.Threading.Tasks", "ValueTask"))
            {
                returnKind = valueTask.IsGenericType ? ReturnKind.ValueTaskOfT : ReturnKind.ValueTask;
                result = valueTask.IsGenericType ? valueTask.TypeArguments[0] : null;
            }
            else
            {
                returnKind = ReturnKind.Value;
                result = type;
            }

            if (kind == WorkflowKind.Orchestration && returnKind != ReturnKind.Task && returnKind != ReturnKind.TaskOfT)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.OrchestrationReturnType, location, display, type.ToDisplayString(DisplayFormat)));
                return (returnKind, null);
            }

            if (kind == WorkflowKind.Activity && returnKind == ReturnKind.Void && method.IsAsync)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AsyncVoid, location, display));
            }

            if (method.ReturnsByRef || method.ReturnsByRefReadonly)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnserializableParameter, location, "The result", display, "ref returns cannot be passed through a durable call"));
            }

            if (result != null && Unserializable(result) is string why)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnserializableParameter, location, "The result", display, why));
            }

            if (result != null && Inaccessible(result) is ITypeSymbol hidden)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.Inaccessible, location, display, "its result type '" + hidden.ToDisplayString(DisplayFormat) + "'"));
            }

            return (returnKind, result?.ToDisplayString(TypeFormat));
        }

        private static ImmutableEquatableArray<string> ParseConstructor(
            INamedTypeSymbol type, string display, Location location, List<DiagnosticInfo> diagnostics)
        {
            var typeDisplay = type.ToDisplayString(DisplayFormat);
            if (type.IsAbstract)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CannotConstruct, location, display, typeDisplay,
                    "it is abstract; make the method static or move it to a concrete type"));
                return ImmutableEquatableArray<string>.Empty;
            }

            var candidates = type.InstanceConstructors
                .Where(c => IsAccessibleFromAssembly(c.DeclaredAccessibility) && !IsCopyConstructor(c, type))
                .OrderByDescending(c => c.Parameters.Length)
                .ToList();
            if (candidates.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CannotConstruct, location, display, typeDisplay,
                    "it has no internal or public constructor"));
                return ImmutableEquatableArray<string>.Empty;
            }

            var constructor = candidates[0];
            foreach (var parameter in constructor.Parameters)
            {
                if (parameter.RefKind != RefKind.None || parameter.Type.IsRefLikeType || parameter.Type.TypeKind == TypeKind.Pointer
                    || parameter.Type.TypeKind == TypeKind.FunctionPointer)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CannotConstruct, location, display, typeDisplay,
                        "its constructor parameter '" + parameter.Name + "' cannot be resolved from a service provider"));
                }
            }

            return constructor.Parameters.Select(p => p.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeFormat))
                .ToImmutableEquatableArray();
        }

        private static ImmutableEquatableArray<EventSpec> ParseEvents(
            IMethodSymbol method, string display, Location fallback, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            var events = new List<EventSpec>();
            var seen = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is not { IsGenericType: true } attributeClass
                    || !IsType(attributeClass.OriginalDefinition, "WorkflowSdk", "ExternalEventAttribute"))
                {
                    continue;
                }

                var location = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? fallback;
                var name = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                var dataType = attributeClass.TypeArguments[0];
                if (name is null || !SyntaxFacts.IsValidIdentifier(name))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidEvent, location, name ?? "", display,
                        "its name must be a C# identifier, so that it can name the generated Raise method"));
                    continue;
                }

                if (!seen.Add(name))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidEvent, location, name, display,
                        "it is declared twice (event names match case-insensitively)"));
                    continue;
                }

                if (Unserializable(dataType) is string why)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidEvent, location, name, display, why));
                    continue;
                }

                var methodName = "Raise" + char.ToUpperInvariant(name[0]) + name.Substring(1) + "Async";
                if (HandleMembers.Contains(methodName))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedMemberCollision, location, methodName, display,
                        "OrchestrationHandle." + methodName + ", which it would hide"));
                    continue;
                }

                var pascal = char.ToUpperInvariant(name[0]) + name.Substring(1);
                events.Add(new EventSpec(name, methodName, dataType.ToDisplayString(TypeFormat), "WaitFor" + pascal + "Async"));
            }

            return events.ToImmutableEquatableArray();
        }

        private static void CheckAccessibility(IMethodSymbol method, string display, Location location, List<DiagnosticInfo> diagnostics)
        {
            if (!IsAccessibleFromAssembly(method.DeclaredAccessibility))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Inaccessible, location, display, "the method"));
                return;
            }

            for (var type = method.ContainingType; type != null; type = type.ContainingType)
            {
                if (!IsAccessibleFromAssembly(type.DeclaredAccessibility))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.Inaccessible, location, display, "its type '" + type.ToDisplayString(DisplayFormat) + "'"));
                    return;
                }
            }
        }

        /// <summary>Why a value of <paramref name="type"/> cannot be a payload, or null when it can.</summary>
        private static string? Unserializable(ITypeSymbol type)
        {
            switch (type.TypeKind)
            {
                case TypeKind.Pointer:
                case TypeKind.FunctionPointer:
                    return "pointers cannot be serialized";
                case TypeKind.Delegate:
                    return "delegates cannot be serialized";
            }

            if (type.IsRefLikeType)
            {
                return "'" + type.ToDisplayString(DisplayFormat) + "' is a ref struct (like Span<T>) and cannot be stored; use an array or a List<T>";
            }

            if (type is INamedTypeSymbol named)
            {
                foreach (var argument in named.TypeArguments)
                {
                    if (Unserializable(argument) is string why)
                    {
                        return why;
                    }
                }
            }
            else if (type is IArrayTypeSymbol array)
            {
                return Unserializable(array.ElementType);
            }

            return null;
        }

        /// <summary>The first type inside <paramref name="type"/> that code elsewhere in the assembly cannot name, or null.</summary>
        private static ITypeSymbol? Inaccessible(ITypeSymbol type)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    return Inaccessible(array.ElementType);
                case INamedTypeSymbol named:
                    for (var t = named; t != null; t = t.ContainingType)
                    {
                        if (!IsAccessibleFromAssembly(t.DeclaredAccessibility) && t.SpecialType == SpecialType.None && !t.IsTupleType)
                        {
                            return t;
                        }
                    }

                    foreach (var argument in named.TypeArguments)
                    {
                        if (Inaccessible(argument) is ITypeSymbol hidden)
                        {
                            return hidden;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        private static bool IsEffectivelyPublic(IMethodSymbol method)
        {
            if (method.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }

            for (var type = method.ContainingType; type != null; type = type.ContainingType)
            {
                if (type.DeclaredAccessibility != Accessibility.Public)
                {
                    return false;
                }
            }

            return method.Parameters.All(p => IsPublicType(p.Type)) && IsPublicType(method.ReturnType);
        }

        private static bool IsPublicType(ITypeSymbol type) => type switch
        {
            IArrayTypeSymbol array => IsPublicType(array.ElementType),
            INamedTypeSymbol named => IsPublicChain(named) && named.TypeArguments.All(IsPublicType),
            _ => true,
        };

        private static bool IsPublicChain(INamedTypeSymbol type)
        {
            for (var t = type; t != null; t = t.ContainingType)
            {
                if (t.DeclaredAccessibility != Accessibility.Public && !t.IsTupleType)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsAccessibleFromAssembly(Accessibility accessibility) =>
            accessibility == Accessibility.Public || accessibility == Accessibility.Internal || accessibility == Accessibility.ProtectedOrInternal;

        private static bool IsCopyConstructor(IMethodSymbol constructor, INamedTypeSymbol type) =>
            type.IsRecord && constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type);

        private static bool IsInGenericType(INamedTypeSymbol? type)
        {
            for (var t = type; t != null; t = t.ContainingType)
            {
                if (t.IsGenericType)
                {
                    return true;
                }
            }

            return false;
        }

        private static Location ParameterLocation(MethodDeclarationSyntax syntax, int index, Location fallback) =>
            index < syntax.ParameterList.Parameters.Count ? syntax.ParameterList.Parameters[index].GetLocation() : fallback;

        /// <summary>Compares a type's name and namespace without resolving any symbol from the compilation (cheap, and cache-friendly).</summary>
        internal static bool IsType(ITypeSymbol? type, string ns, string name)
        {
            if (type is null || type.Name != name || type.ContainingType != null)
            {
                return false;
            }

            var expected = ns.Split('.');
            var current = type.ContainingNamespace;
            for (var i = expected.Length - 1; i >= 0; i--)
            {
                if (current is null || current.Name != expected[i])
                {
                    return false;
                }

                current = current.ContainingNamespace;
            }

            return current is { IsGlobalNamespace: true };
        }

        /// <summary>A parameter's default value as an expression that compiles anywhere (constants are resolved, enums cast).</summary>
        private static string? DefaultValue(IParameterSymbol parameter)
        {
            if (!parameter.HasExplicitDefaultValue)
            {
                return null;
            }

            var value = parameter.ExplicitDefaultValue;
            var type = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
                ? nullable.TypeArguments[0]
                : parameter.Type;
            if (value is null)
            {
                return parameter.Type.IsValueType && parameter.Type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T ? "default" : "null";
            }

            if (type.TypeKind == TypeKind.Enum)
            {
                return "(" + type.ToDisplayString(TypeFormat) + ")(" + SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false) + ")";
            }

            var literal = SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false);
            return value switch
            {
                decimal => literal + "m",
                float f => float.IsNaN(f) ? "float.NaN" : float.IsPositiveInfinity(f) ? "float.PositiveInfinity" : float.IsNegativeInfinity(f) ? "float.NegativeInfinity" : literal + "f",
                double d => double.IsNaN(d) ? "double.NaN" : double.IsPositiveInfinity(d) ? "double.PositiveInfinity" : double.IsNegativeInfinity(d) ? "double.NegativeInfinity" : literal + "d",
                long => literal + "L",
                ulong => literal + "UL",
                uint => literal + "U",
                byte or sbyte or short or ushort => "(" + type.ToDisplayString(TypeFormat) + ")" + literal,
                _ => literal,
            };
        }

        private static string EscapeIdentifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.AwaitKeyword
                ? "@" + name
                : name;
    }
}
