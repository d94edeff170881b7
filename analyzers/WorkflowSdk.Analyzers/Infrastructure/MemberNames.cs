using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;

namespace WorkflowSdk.Analyzers.Infrastructure;

/// <summary>Short, readable names for members in messages: <c>Type.Member</c>.</summary>
internal static class MemberNames
{
    public static string Display(ISymbol symbol)
    {
        var type = symbol.ContainingType?.Name;
        var name = symbol switch
        {
            IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } => "new " + (type ?? "?") + "()",
            IMethodSymbol { AssociatedSymbol: IPropertySymbol property } => Qualify(type, property.IsIndexer ? "this[]" : property.Name),
            IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion } method => Qualify(type, method.Name),
            IMethodSymbol { Name: "<Main>$" } => "top-level statements",
            _ => Qualify(type, symbol.Name),
        };
        return name;
    }

    public static string Path(IEnumerable<IMethodSymbol> path)
    {
        var builder = new StringBuilder();
        foreach (var method in path)
        {
            if (builder.Length > 0)
            {
                builder.Append(" → ");
            }

            builder.Append(Display(method));
        }

        return builder.ToString();
    }

    private static string Qualify(string? type, string name) => type is null ? name : type + "." + name;
}
