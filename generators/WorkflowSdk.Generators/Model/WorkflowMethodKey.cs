using WorkflowSdk.Generators.Common;

namespace WorkflowSdk.Generators.Model;

/// <summary>
/// What the cross-method checks (duplicate names, colliding generated members) need of one method, with the
/// location to report at. Kept apart from <see cref="WorkflowMethodSpec"/> so locations never reach the emitter.
/// </summary>
/// <param name="Kind">Activity or orchestration.</param>
/// <param name="Name">The registered name.</param>
/// <param name="Version">The orchestration version, or null.</param>
/// <param name="ProxySignature">The generated proxy's name and input types, e.g. <c>BookFlightAsync(global::Trips.Dates)</c>.</param>
/// <param name="HandleType">The generated handle type's full name, when the orchestration declares events.</param>
/// <param name="Display">The method as people read it, e.g. <c>Trips.Booking.BookFlight</c>.</param>
/// <param name="Location">The method's name in source.</param>
/// <param name="Events">The external events the orchestration declares (null for none).</param>
internal sealed record WorkflowMethodKey(
    WorkflowKind Kind,
    string Name,
    string? Version,
    string ProxySignature,
    string? HandleType,
    string Display,
    LocationInfo? Location,
    ImmutableEquatableArray<EventSpec>? Events = null);

/// <summary>The parser's output for one attributed method.</summary>
/// <param name="Spec">The model, or null when an error makes the method unusable.</param>
/// <param name="Key">The cross-check key, or null when <paramref name="Spec"/> is.</param>
/// <param name="Diagnostics">Problems found in the method alone.</param>
internal sealed record MethodParseResult(WorkflowMethodSpec? Spec, WorkflowMethodKey? Key, ImmutableEquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Every usable method, sorted, with colliding ones removed and runner names assigned.</summary>
/// <param name="Methods">The methods.</param>
internal sealed record WorkflowModel(ImmutableEquatableArray<WorkflowMethodSpec> Methods);

/// <summary>
/// The methods of one declaring type: one generated file. Each is its own item in the pipeline, so a change to one
/// type's signatures re-emits that type's file only.
/// </summary>
/// <param name="FileName">The hint name of the file.</param>
/// <param name="Methods">The type's methods.</param>
internal sealed record DeclaringTypeModel(string FileName, ImmutableEquatableArray<WorkflowMethodSpec> Methods);

/// <summary>What <c>AddGeneratedWorkflows</c> registers: it changes only when names, versions or runners do.</summary>
/// <param name="Entries">One per method.</param>
/// <param name="AnyPublic">Whether the proxy classes must be public (some member is).</param>
/// <param name="AssemblyIdentifier">
/// The assembly name as an identifier (<c>Contoso.Billing</c> gives <c>ContosoBilling</c>): names the public
/// <c>Add{AssemblyIdentifier}Workflows</c> that other assemblies call to register this one's workflows.
/// </param>
/// <param name="DefaultVersionStarts">
/// For each orchestration name registered in several versions with one signature: a start that names no version,
/// so the worker's default version runs (a spec with <c>Version</c> null and the name as its stem).
/// </param>
internal sealed record RegistrationModel(
    ImmutableEquatableArray<RegistrationEntry> Entries,
    bool AnyPublic,
    string AssemblyIdentifier = "",
    ImmutableEquatableArray<WorkflowMethodSpec>? DefaultVersionStarts = null);

/// <summary>The typed event waits on <c>context.Events</c>: one generated file.</summary>
/// <param name="Waits">One per event name declared with a single data type.</param>
internal sealed record EventWaitsModel(ImmutableEquatableArray<EventWaitSpec> Waits);

/// <summary>One registration: <c>registry.AddActivity(name, new Runner(services))</c> or <c>AddOrchestration</c>.</summary>
internal sealed record RegistrationEntry(
    WorkflowKind Kind, string Name, string? Version, string RunnerName, bool NeedsServices, string DeclaringType, string MethodName);
