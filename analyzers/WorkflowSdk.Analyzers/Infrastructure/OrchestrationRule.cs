using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace WorkflowSdk.Analyzers.Infrastructure;

/// <summary>
/// The detection half of a rule: looks at single operations of a body and reports findings. Every
/// rule's detector runs in the one walk that <see cref="OrchestrationModel"/> makes over each member,
/// so a body is bound and walked once however many rules there are.
/// </summary>
internal abstract class OrchestrationRule
{
    protected OrchestrationRule(DiagnosticDescriptor descriptor, params OperationKind[] operationKinds)
    {
        Descriptor = descriptor;
        OperationKinds = ImmutableArray.Create(operationKinds);
    }

    public DiagnosticDescriptor Descriptor { get; }

    /// <summary>The operation kinds <see cref="Inspect"/> wants to see.</summary>
    public ImmutableArray<OperationKind> OperationKinds { get; }

    /// <summary>Looks at one operation (its children were walked first) and reports through <paramref name="context"/>.</summary>
    public abstract void Inspect(IOperation operation, WalkContext context);
}
