using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace WorkflowSdk.Analyzers.Infrastructure;

/// <summary>One nondeterministic thing a member's body does, found once and shared by every rule's analyzer.</summary>
/// <param name="Rule">The rule it breaks.</param>
/// <param name="Location">Where it is.</param>
/// <param name="What">A verb phrase naming it, e.g. "reads DateTime.Now, which ...".</param>
/// <param name="Properties">Hints for the code fix (empty when no fix applies).</param>
/// <param name="AdditionalLocations">Extra locations for the code fix.</param>
/// <param name="InNestedRoot">Inside a lambda or local function that takes an orchestration context.</param>
internal sealed record Finding(
    OrchestrationRule Rule,
    Location Location,
    string What,
    ImmutableDictionary<string, string?> Properties,
    ImmutableArray<Location> AdditionalLocations,
    bool InNestedRoot);

/// <summary>A call from a member's body to another member of the same compilation that the walk may follow.</summary>
/// <param name="Callee">The called method (accessor, constructor, operator), normalized to its original definition.</param>
/// <param name="Location">The call site.</param>
/// <param name="InNestedRoot">Inside a lambda or local function that takes an orchestration context.</param>
internal sealed record CallSite(IMethodSymbol Callee, Location Location, bool InNestedRoot);

/// <summary>What one member's body does, computed once per compilation.</summary>
internal sealed class MemberSummary
{
    public static readonly MemberSummary Empty = new(ImmutableArray<Finding>.Empty, ImmutableArray<CallSite>.Empty, false);

    public MemberSummary(ImmutableArray<Finding> findings, ImmutableArray<CallSite> calls, bool hasNestedRoots)
    {
        Findings = findings;
        Calls = calls;
        HasNestedRoots = hasNestedRoots;
    }

    public ImmutableArray<Finding> Findings { get; }

    public ImmutableArray<CallSite> Calls { get; }

    /// <summary>Whether the body contains a lambda or local function taking an orchestration context.</summary>
    public bool HasNestedRoots { get; }
}

/// <summary>How a method that is not itself an orchestration is reached from one.</summary>
/// <param name="Root">The orchestration (method or the member holding the orchestration lambda).</param>
/// <param name="Path">The call path from the root to the method, both included.</param>
internal sealed record Reach(IMethodSymbol Root, ImmutableArray<IMethodSymbol> Path);

/// <summary>The first finding of one rule in everything a callee reaches, and how many there are.</summary>
/// <param name="Finding">The finding nearest to the callee.</param>
/// <param name="Path">The call path from the callee to the member holding the finding, both included.</param>
/// <param name="Count">All findings of the rule reached through the callee.</param>
internal sealed record TransitiveHit(Finding Finding, ImmutableArray<IMethodSymbol> Path, int Count);
