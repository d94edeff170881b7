using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using WorkflowSdk.Generators.Common;
using WorkflowSdk.Generators.Model;

namespace WorkflowSdk.Generators;

/// <summary>
/// Emits, from the <c>[Orchestration]</c> and <c>[Activity]</c> methods of a compilation, typed activity and
/// sub-orchestration proxies, typed client starts and handles, reflection-free runners and one
/// <c>AddGeneratedWorkflows()</c> that registers them.
/// </summary>
/// <remarks>
/// This file only wires the pipeline. <see cref="Parser"/> turns each attributed method into an equatable model
/// (no symbols), <see cref="Checks"/> looks across methods, <see cref="Emitter"/> writes text from the model.
/// Every step is named (see <see cref="TrackingNames"/>) so tests can assert what the driver cached.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed partial class WorkflowGenerator : IIncrementalGenerator
{
    internal const string GeneratorVersion = "1.0.0";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var activities = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                "WorkflowSdk.ActivityAttribute",
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
                static (ctx, token) => Parser.Parse(ctx, WorkflowKind.Activity, token))
            .WithTrackingName(TrackingNames.Activities);
        var orchestrations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                "WorkflowSdk.OrchestrationAttribute",
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
                static (ctx, token) => Parser.Parse(ctx, WorkflowKind.Orchestration, token))
            .WithTrackingName(TrackingNames.Orchestrations);

        var results = activities.Collect()
            .Combine(orchestrations.Collect())
            .Select(static (pair, _) => pair.Left.Concat(pair.Right).ToImmutableEquatableArray())
            .WithTrackingName(TrackingNames.Methods);

        // Per-method problems: reported from the parse results, so a moved method re-reports without re-emitting.
        context.RegisterSourceOutput(
            results.Select(static (all, _) => all.SelectMany(r => r.Diagnostics).ToImmutableEquatableArray()).WithTrackingName(TrackingNames.MethodDiagnostics),
            static (spc, diagnostics) => Report(spc, diagnostics));

        // Problems across methods: from the keys, which carry locations.
        context.RegisterSourceOutput(
            results.Select(static (all, _) => Checks.Diagnose(all.Where(r => r.Key != null).Select(r => r.Key!).ToImmutableArray()))
                .WithTrackingName(TrackingNames.CrossDiagnostics),
            static (spc, diagnostics) => Report(spc, diagnostics));

        // The emitter's model holds no location: editing or moving code that does not change a signature leaves it equal.
        var model = results
            .Select(static (all, _) => all.Where(r => r.Spec != null).Select(r => r.Spec!).ToImmutableEquatableArray())
            .WithTrackingName(TrackingNames.Specs)
            .Select(static (specs, _) => Checks.BuildModel(specs.ToImmutableArray()))
            .WithTrackingName(TrackingNames.Model);

        // One item per declaring type: a signature change re-emits that type's file only.
        var declaringTypes = model
            .SelectMany(static (m, _) => Checks.DeclaringTypes(m))
            .WithTrackingName(TrackingNames.DeclaringTypes);
        context.RegisterSourceOutput(declaringTypes, static (spc, type) => spc.AddSource(type.FileName, Emitter.EmitDeclaringType(type)));

        // The typed event waits: one file, changed only when a declared event's name or data type does.
        var eventWaits = model
            .Select(static (m, _) => Checks.EventWaits(m))
            .WithTrackingName(TrackingNames.EventWaits);
        context.RegisterSourceOutput(eventWaits, static (spc, waits) =>
        {
            if (waits.Waits.Count > 0)
            {
                spc.AddSource(Emitter.EventWaitsFileName, Emitter.EmitEventWaits(waits));
            }
        });

        // The registration depends on names and runners only, not on parameter types.
        var assembly = context.CompilationProvider
            .Select(static (c, _) => Signatures.AssemblyIdentifier(c.AssemblyName))
            .WithTrackingName(TrackingNames.Assembly);
        var registration = model
            .Combine(assembly)
            .Select(static (pair, _) => Checks.Registration(pair.Left) with { AssemblyIdentifier = pair.Right })
            .WithTrackingName(TrackingNames.Registration);
        context.RegisterSourceOutput(registration, static (spc, r) =>
        {
            if (r.Entries.Count > 0)
            {
                spc.AddSource(Emitter.RegistrationFileName, Emitter.EmitRegistration(r));
            }
        });
    }

    private static void Report(SourceProductionContext context, ImmutableEquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }

    /// <summary>The names of the pipeline's steps, as incremental-caching tests see them.</summary>
    internal static class TrackingNames
    {
        public const string Activities = nameof(Activities);
        public const string Orchestrations = nameof(Orchestrations);
        public const string Methods = nameof(Methods);
        public const string MethodDiagnostics = nameof(MethodDiagnostics);
        public const string CrossDiagnostics = nameof(CrossDiagnostics);
        public const string Specs = nameof(Specs);
        public const string Model = nameof(Model);
        public const string DeclaringTypes = nameof(DeclaringTypes);
        public const string Registration = nameof(Registration);
        public const string Assembly = nameof(Assembly);
        public const string EventWaits = nameof(EventWaits);
    }
}
