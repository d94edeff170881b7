using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using WorkflowSdk.Generators.Common;
using WorkflowSdk.Generators.Model;

namespace WorkflowSdk.Generators;

public sealed partial class WorkflowGenerator
{
    /// <summary>
    /// Checks that need every method at once: duplicate registered names and generated members that would
    /// collide. The same rules decide which methods the emitter leaves out, so a reported collision never also
    /// surfaces as a compiler error inside generated code.
    /// </summary>
    internal static class Checks
    {
        /// <summary>Builds the emitter's model: usable methods, sorted, without those in a collision.</summary>
        public static WorkflowModel BuildModel(ImmutableArray<WorkflowMethodSpec> specs)
        {
            var clashing = new HashSet<string>(
                Groups(specs, NameKey).Concat(Groups(specs, Signatures.Proxy)).Concat(Groups(specs, Signatures.HandleType))
                    .SelectMany(g => g).Select(Identity));
            var used = new HashSet<string>(System.StringComparer.Ordinal);
            return new WorkflowModel(specs
                .Where(s => !clashing.Contains(Identity(s)))
                .OrderBy(s => s.Kind)
                .ThenBy(s => s.DeclaringTypeDisplay, System.StringComparer.Ordinal)
                .ThenBy(s => s.MethodName, System.StringComparer.Ordinal)
                .ThenBy(Signatures.Proxy, System.StringComparer.Ordinal)
                .Select(s => s with { RunnerName = UniqueRunnerName(s, used) })
                .ToImmutableEquatableArray());
        }

        /// <summary>Splits the model into one item per declaring type (one generated file each).</summary>
        public static ImmutableArray<DeclaringTypeModel> DeclaringTypes(WorkflowModel model) =>
            model.Methods
                .GroupBy(m => m.DeclaringTypeDisplay)
                .Select(g => new DeclaringTypeModel(Signatures.FileName(g.Key), g.ToImmutableEquatableArray()))
                .ToImmutableArray();

        /// <summary>The part of the model the registration file depends on.</summary>
        public static RegistrationModel Registration(WorkflowModel model) =>
            new RegistrationModel(
                model.Methods.Select(m => new RegistrationEntry(m.Kind, m.Name, m.Version, m.RunnerName, !m.IsStatic, m.DeclaringType, m.MethodName)).ToImmutableEquatableArray(),
                model.Methods.Any(m => m.IsPublic),
                DefaultVersionStarts: DefaultVersionStarts(model));

        /// <summary>
        /// The waits on <c>context.Events</c>: one per event name (compared case-insensitively, as at run time) declared
        /// with one data type. A name declared with different data types gets none (<see cref="Diagnose"/> reports it).
        /// </summary>
        public static EventWaitsModel EventWaits(WorkflowModel model) =>
            new EventWaitsModel(model.Methods
                .Where(m => m.Kind == WorkflowKind.Orchestration)
                .SelectMany(m => m.Events.Select(e => (Event: e, Method: m)))
                .GroupBy(p => p.Event.Name, System.StringComparer.OrdinalIgnoreCase)
                .Where(g => g.Select(p => p.Event.DataType).Distinct(System.StringComparer.Ordinal).Count() == 1)
                .Select(g =>
                {
                    var first = g.OrderBy(p => p.Event.Name, System.StringComparer.Ordinal).First().Event;
                    var declaredBy = string.Join(", ", g.Select(p => p.Method.DeclaringTypeDisplay + "." + p.Method.MethodName)
                        .Distinct(System.StringComparer.Ordinal).OrderBy(d => d, System.StringComparer.Ordinal));
                    return new EventWaitSpec(first.Name, first.WaitMethodName, first.DataType, g.All(p => p.Method.IsPublic), declaredBy);
                })
                .OrderBy(w => w.WaitMethodName, System.StringComparer.Ordinal)
                .ToImmutableEquatableArray());

        /// <summary>
        /// Versioned orchestrations sharing a name and a signature get one more client start that names no version
        /// (<c>client.StartFulfillOrderAsync</c> beside <c>StartFulfillOrderV1Async</c>/<c>V2Async</c>), unless a
        /// method already produces that member.
        /// </summary>
        private static ImmutableEquatableArray<WorkflowMethodSpec> DefaultVersionStarts(WorkflowModel model)
        {
            var orchestrations = model.Methods.Where(m => m.Kind == WorkflowKind.Orchestration).ToList();
            var existing = new HashSet<string>(orchestrations.Select(m => m.Stem + "|" + InputTypes(m)), System.StringComparer.Ordinal);
            var starts = new List<WorkflowMethodSpec>();
            foreach (var group in orchestrations.GroupBy(m => m.Name, System.StringComparer.Ordinal))
            {
                var versions = group.ToList();
                if (versions.Count < 2 || versions.Any(v => v.Version is null)
                    || versions.Select(InputTypes).Distinct(System.StringComparer.Ordinal).Count() != 1
                    || versions.Select(v => v.ResultType ?? "").Distinct(System.StringComparer.Ordinal).Count() != 1)
                {
                    continue;
                }

                var stem = Signatures.AssemblyIdentifier(group.Key);
                if (existing.Contains(stem + "|" + InputTypes(versions[0])) || stem == "Orchestration" || stem == "New")
                {
                    continue;
                }

                starts.Add(versions[0] with
                {
                    Version = null,
                    Stem = stem,
                    Events = ImmutableEquatableArray<EventSpec>.Empty,
                    IsPublic = versions.All(v => v.IsPublic),
                });
            }

            return starts.ToImmutableEquatableArray();
        }

        private static string InputTypes(WorkflowMethodSpec spec) =>
            string.Join(",", spec.Parameters.Where(p => p.Role == ParameterRole.Input).Select(p => p.Type.Replace("?", "")));

        private static string UniqueRunnerName(WorkflowMethodSpec spec, HashSet<string> used)
        {
            var baseName = Signatures.Identifier(spec.DeclaringTypeDisplay) + "_" + spec.MethodName + "_" + spec.Kind + "Runner";
            var name = baseName;
            for (var i = 2; !used.Add(name); i++)
            {
                name = baseName + i;
            }

            return name;
        }

        /// <summary>Reports duplicates and collisions, each at every method involved.</summary>
        public static ImmutableEquatableArray<DiagnosticInfo> Diagnose(ImmutableArray<WorkflowMethodKey> keys)
        {
            var diagnostics = new List<DiagnosticInfo>();
            foreach (var group in Groups(keys, k => k.Kind + "|" + k.Name + "|" + k.Version))
            {
                foreach (var key in group)
                {
                    var other = group.First(k => !ReferenceEquals(k, key));
                    var what = (key.Kind == WorkflowKind.Activity ? "Activity" : "Orchestration")
                        + (key.Version is null ? "" : " (version " + key.Version + ")");
                    diagnostics.Add(Create(DiagnosticDescriptors.DuplicateName, key, what, key.Name, key.Display, other.Display));
                }
            }

            foreach (var group in Groups(keys, k => k.ProxySignature))
            {
                foreach (var key in group)
                {
                    var other = group.First(k => !ReferenceEquals(k, key));
                    diagnostics.Add(Create(DiagnosticDescriptors.GeneratedMemberCollision, key,
                        key.ProxySignature, key.Display, "the one generated for '" + other.Display + "'"));
                }
            }

            foreach (var group in Groups(keys, k => k.HandleType))
            {
                foreach (var key in group)
                {
                    var other = group.First(k => !ReferenceEquals(k, key));
                    diagnostics.Add(Create(DiagnosticDescriptors.GeneratedMemberCollision, key,
                        key.HandleType!, key.Display, "the handle type generated for '" + other.Display + "'"));
                }
            }

            var declarations = keys
                .Where(k => k.Events != null)
                .SelectMany(k => k.Events!.Select(e => (Event: e, Key: k)))
                .GroupBy(p => p.Event.Name, System.StringComparer.OrdinalIgnoreCase);
            foreach (var group in declarations)
            {
                var types = group.Select(p => p.Event.DataType).Distinct(System.StringComparer.Ordinal).ToList();
                if (types.Count < 2)
                {
                    continue;
                }

                foreach (var (declared, key) in group)
                {
                    var other = group.First(p => p.Event.DataType != declared.DataType);
                    diagnostics.Add(Create(DiagnosticDescriptors.EventDataTypesDiffer, key,
                        declared.Name, declared.DataType, key.Display, other.Event.DataType, other.Key.Display, declared.WaitMethodName));
                }
            }

            return diagnostics.ToImmutableEquatableArray();
        }

        private static string NameKey(WorkflowMethodSpec spec) => spec.Kind + "|" + spec.Name + "|" + spec.Version;

        private static string Identity(WorkflowMethodSpec spec) => spec.DeclaringType + "|" + spec.MethodName + "|" + Signatures.Proxy(spec) + "|" + spec.Kind;

        private static IEnumerable<List<T>> Groups<T>(IEnumerable<T> items, System.Func<T, string?> key) =>
            items.Select(i => (Key: key(i), Item: i))
                .Where(p => p.Key != null)
                .GroupBy(p => p.Key, System.StringComparer.Ordinal)
                .Where(g => g.Count() > 1)
                .Select(g => g.Select(p => p.Item).ToList());

        private static DiagnosticInfo Create(DiagnosticDescriptor descriptor, WorkflowMethodKey key, params string[] arguments) =>
            new DiagnosticInfo(descriptor, key.Location, arguments.ToImmutableEquatableArray());
    }
}
