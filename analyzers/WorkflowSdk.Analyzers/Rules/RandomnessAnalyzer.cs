using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkflowSdk.Analyzers.Infrastructure;

namespace WorkflowSdk.Analyzers.Rules;

/// <summary>WF0002: random values and new GUIDs (Guid.NewGuid, Guid.CreateVersion7, Random, Random.Shared, RandomNumberGenerator).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RandomnessAnalyzer : OrchestrationAnalyzer
{
    /// <summary>Fix: replace with <c>context.NewGuid()</c>.</summary>
    public const string FixNewGuid = "NewGuid";

    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.Randomness,
        title: "Do not use random values or new GUIDs in orchestration code",
        messageFormat: RuleText.MessageFormat,
        category: RuleText.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A random value or a new GUID is different on every replay. Use context.NewGuid() for GUIDs; get random values from an activity (its result is recorded) or from a Random seeded with a recorded value.",
        helpLinkUri: RuleText.HelpLink(RuleIdentifiers.Randomness));

    internal static readonly OrchestrationRule Detector = new Detection();

    /// <summary>Creates the analyzer.</summary>
    public RandomnessAnalyzer()
        : base(Detector)
    {
    }

    private sealed class Detection : OrchestrationRule
    {
        public Detection()
            : base(Rule, OperationKind.Invocation, OperationKind.PropertyReference, OperationKind.ObjectCreation)
        {
        }

        public override void Inspect(IOperation operation, WalkContext context)
        {
            var symbols = context.Symbols;
            switch (operation)
            {
                case IInvocationOperation { TargetMethod: { IsStatic: true } method }:
                    if (KnownSymbols.Is(method.ContainingType, symbols.Guid))
                    {
                        if (method.Name == "NewGuid")
                        {
                            context.Report(this, operation, "calls Guid.NewGuid(), which returns a different value on every replay", context.FixProperties(FixNewGuid));
                        }
                        else if (method.Name == "CreateVersion7")
                        {
                            context.Report(this, operation, "calls Guid.CreateVersion7(), which returns a different value on every replay");
                        }
                    }
                    else if (KnownSymbols.IsOrDerives(method.ContainingType, symbols.RandomNumberGenerator))
                    {
                        context.Report(this, operation, $"calls RandomNumberGenerator.{method.Name}, which returns different values on every replay");
                    }

                    break;

                case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "Shared" } property }
                    when KnownSymbols.Is(property.ContainingType, symbols.Random):
                    context.Report(this, operation, "uses Random.Shared, which returns different values on every replay");
                    break;

                case IObjectCreationOperation { Arguments.Length: 0 } creation when KnownSymbols.IsOrDerives(creation.Type, symbols.Random):
                    // A Random seeded with a recorded value replays the same sequence, so only unseeded ones are flagged.
                    context.Report(this, operation, "creates an unseeded Random, which returns different values on every replay");
                    break;
            }
        }
    }
}
