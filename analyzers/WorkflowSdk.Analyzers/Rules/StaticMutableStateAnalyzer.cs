using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkflowSdk.Analyzers.Infrastructure;

namespace WorkflowSdk.Analyzers.Rules;

/// <summary>WF0010: reading or writing static fields and properties that are not readonly or const.</summary>
/// <remarks>
/// Only the compilation's own statics are flagged; statics of libraries that matter (clock, culture, time zone)
/// have their own rules. A <c>static readonly</c> field holding a mutable object is not flagged (its contents
/// may still be shared state; see the rule's page).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StaticMutableStateAnalyzer : OrchestrationAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.StaticMutableState,
        title: "Do not use static mutable state in orchestration code",
        messageFormat: RuleText.MessageFormat,
        category: RuleText.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A static field or settable static property is shared by every orchestration instance on the worker and is not part of any instance's history: its value on replay depends on what else ran on that worker. Keep state in locals (they are rebuilt by replay) or pass it as input.",
        helpLinkUri: RuleText.HelpLink(RuleIdentifiers.StaticMutableState));

    internal static readonly OrchestrationRule Detector = new Detection();

    /// <summary>Creates the analyzer.</summary>
    public StaticMutableStateAnalyzer()
        : base(Detector)
    {
    }

    private sealed class Detection : OrchestrationRule
    {
        public Detection()
            : base(Rule, OperationKind.FieldReference, OperationKind.PropertyReference)
        {
        }

        public override void Inspect(IOperation operation, WalkContext context)
        {
            switch (operation)
            {
                case IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: false, IsConst: false } field }
                    when IsOwnCode(field, context) && field.ContainingType.TypeKind != TypeKind.Enum:
                    context.Report(this, operation, $"{Verb(operation)} static field '{field.ContainingType.Name}.{field.Name}', which is shared by every instance on the worker and not recorded in history");
                    break;
                case IPropertyReferenceOperation { Property: { IsStatic: true, SetMethod: { } } property } when IsOwnCode(property, context):
                    context.Report(this, operation, $"{Verb(operation)} static property '{property.ContainingType.Name}.{property.Name}', which is shared by every instance on the worker and not recorded in history");
                    break;
            }
        }

        private static bool IsOwnCode(ISymbol symbol, WalkContext context) =>
            !symbol.IsImplicitlyDeclared && symbol.Locations.Any(l => l.IsInSource)
            && !context.Symbols.IsOrchestrationContext(symbol.ContainingType);

        private static string Verb(IOperation reference) => reference.Parent switch
        {
            ISimpleAssignmentOperation assignment when assignment.Target == reference => "writes",
            ICompoundAssignmentOperation or IIncrementOrDecrementOperation or ICoalesceAssignmentOperation => "writes",
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => "writes",
            _ => "reads",
        };
    }
}
