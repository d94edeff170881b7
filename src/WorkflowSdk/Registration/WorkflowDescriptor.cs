namespace WorkflowSdk;

/// <summary>Whether a registered workflow is an orchestration or an activity.</summary>
public enum WorkflowKind
{
    /// <summary>An <see cref="OrchestrationAttribute"/> method.</summary>
    Orchestration,

    /// <summary>An <see cref="ActivityAttribute"/> method.</summary>
    Activity,
}

/// <summary>
/// One workflow that generated registration code (<c>registry.AddGeneratedWorkflows(services, include)</c>) is about
/// to register; the <c>include</c> filter sees it and decides. Lets a worker run a subset: only the activities of one
/// class (a GPU worker), or an application release that still lacks a version.
/// </summary>
/// <param name="Kind">Orchestration or activity.</param>
/// <param name="Name">The registered name.</param>
/// <param name="Version">The orchestration's version, or <see langword="null"/>.</param>
/// <param name="DeclaringType">The type that declares the method.</param>
/// <param name="MethodName">The method's name.</param>
public sealed record WorkflowDescriptor(WorkflowKind Kind, string Name, string? Version, Type DeclaringType, string MethodName);
