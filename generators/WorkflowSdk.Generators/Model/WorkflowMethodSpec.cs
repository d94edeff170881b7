using WorkflowSdk.Generators.Common;

namespace WorkflowSdk.Generators.Model;

/// <summary>
/// One <c>[Activity]</c> or <c>[Orchestration]</c> method, as the emitter needs it.
/// </summary>
/// <remarks>
/// The caching contract: this record and everything it holds are plain values (strings, enums, equatable
/// arrays) — never an <c>ISymbol</c>, a <c>SyntaxNode</c>, a <c>Location</c> or the <c>Compilation</c>. Two parses
/// of an unchanged signature therefore compare equal, and the incremental driver skips every step after the
/// parser. Locations travel separately, in <see cref="WorkflowMethodKey"/> and <see cref="DiagnosticInfo"/>, so
/// that moving a method (or editing a comment above it) never re-runs the emitter.
/// </remarks>
internal sealed record WorkflowMethodSpec
{
    public WorkflowKind Kind { get; init; }

    /// <summary>The registered name (the attribute's, else the method's).</summary>
    public string Name { get; init; } = "";

    /// <summary>The orchestration version, or null.</summary>
    public string? Version { get; init; }

    public string MethodName { get; init; } = "";

    /// <summary>The method name without a trailing "Async": the stem of every generated member name.</summary>
    public string Stem { get; init; } = "";

    /// <summary>The declaring type, fully qualified with <c>global::</c>.</summary>
    public string DeclaringType { get; init; } = "";

    /// <summary>The declaring type as people read it (for doc comments and file names), e.g. <c>Trips.Booking</c>.</summary>
    public string DeclaringTypeDisplay { get; init; } = "";

    /// <summary>The declaring type's namespace (empty for the global namespace): where generated handle types go.</summary>
    public string Namespace { get; init; } = "";

    public bool IsStatic { get; init; }

    /// <summary>For instance methods: the constructor's parameter types, resolved from the service provider.</summary>
    public ImmutableEquatableArray<string> ConstructorParameters { get; init; } = ImmutableEquatableArray<string>.Empty;

    /// <summary>Every parameter of the method, in order.</summary>
    public ImmutableEquatableArray<ParameterSpec> Parameters { get; init; } = ImmutableEquatableArray<ParameterSpec>.Empty;

    public ReturnKind ReturnKind { get; init; }

    /// <summary>The result type (fully qualified) when the method produces a value; otherwise null.</summary>
    public string? ResultType { get; init; }

    /// <summary>Whether the generated proxies and client methods can be public (the method and all its types are).</summary>
    public bool IsPublic { get; init; }

    /// <summary>The generated runner class's name, unique in the assembly (assigned by <c>Checks.BuildModel</c>).</summary>
    public string RunnerName { get; init; } = "";

    /// <summary>Events the orchestration declares with <c>[ExternalEvent&lt;T&gt;]</c>.</summary>
    public ImmutableEquatableArray<EventSpec> Events { get; init; } = ImmutableEquatableArray<EventSpec>.Empty;
}

internal enum WorkflowKind
{
    Activity,
    Orchestration,
}

/// <summary>How a method returns its result.</summary>
internal enum ReturnKind
{
    Void,
    Value,
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}
