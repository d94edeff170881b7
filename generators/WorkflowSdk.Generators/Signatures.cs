using System.Linq;
using WorkflowSdk.Generators.Model;

namespace WorkflowSdk.Generators
{
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

        /// <summary>Nullable annotations do not distinguish overloads.</summary>
        private static string StripNullable(string type) => type.Replace("?", "");
    }
}
