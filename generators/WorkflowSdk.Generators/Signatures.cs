using System.Linq;
using WorkflowSdk.Generators.Model;

namespace WorkflowSdk.Generators;

/// <summary>The identities of generated members, shared by the collision checks and the emitter so they always agree.</summary>
internal static class Signatures
{
    /// <summary>The generated proxy's receiver, name and input types, e.g. <c>Activities.BookFlightAsync(global::Trips.Dates)</c>.</summary>
    public static string Proxy(WorkflowMethodSpec spec) =>
        (spec.Kind == WorkflowKind.Activity ? "Activities." : "SubOrchestrations.") + spec.Stem + "Async("
        + string.Join(", ", spec.Parameters.Where(p => p.Role == ParameterRole.Input).Select(p => StripNullable(p.Type))) + ")";

    /// <summary>The generated handle type's full name, for an orchestration that declares events; otherwise null.</summary>
    public static string? HandleType(WorkflowMethodSpec spec) =>
        spec.Kind == WorkflowKind.Orchestration && spec.Events.Count > 0
            ? (spec.Namespace.Length == 0 ? "" : spec.Namespace + ".") + spec.Stem + "Handle"
            : null;

    /// <summary>The generated file of a declaring type, e.g. <c>Trips_Booking.Workflows.g.cs</c>.</summary>
    public static string FileName(string declaringTypeDisplay) => Identifier(declaringTypeDisplay) + ".Workflows.g.cs";

    /// <summary>
    /// A C# identifier for a dotted type name that no other type name maps to: dots become <c>_</c>, underscores
    /// <c>__</c>, anything else <c>_xNNNN</c>.
    /// </summary>
    public static string Identifier(string value)
    {
        var builder = new System.Text.StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c == '.')
            {
                builder.Append('_');
            }
            else if (c == '_')
            {
                builder.Append("__");
            }
            else if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append("_x").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>An assembly name as a PascalCase identifier: <c>contoso.billing-v2</c> gives <c>ContosoBillingV2</c>.</summary>
    public static string AssemblyIdentifier(string? assemblyName)
    {
        var builder = new System.Text.StringBuilder();
        var upper = true;
        foreach (var c in assemblyName ?? "")
        {
            if (char.IsLetterOrDigit(c) && c < 128)
            {
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        if (builder.Length == 0 || char.IsDigit(builder[0]))
        {
            builder.Insert(0, "Assembly");
        }

        return builder.ToString();
    }

    /// <summary>Nullable annotations do not distinguish overloads.</summary>
    private static string StripNullable(string type) => type.Replace("?", "");
}
