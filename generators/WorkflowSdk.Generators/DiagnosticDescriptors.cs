using System.Reflection;
using Microsoft.CodeAnalysis;

namespace WorkflowSdk.Generators;

/// <summary>
/// The generator's diagnostics, WFG0001 onwards. Each has a page under <c>docs/generators/</c>; ids are never
/// reused. Errors mean the method gets no generated code (its call sites then fail to compile with the reason
/// already reported here, instead of an obscure error in generated code).
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "WorkflowSdk.Generators";

    /// <summary>
    /// Where the pages are: the build's <c>WorkflowSdkHelpLinkBase</c> (Directory.Build.targets), either the published
    /// docs of the repository the packages were built from, or the docs folder shipped in the WorkflowSdk package
    /// (<c>workflowsdk/VERSION/docs/</c> in the NuGet packages folder). Declared before the descriptors, which use it.
    /// </summary>
    internal static readonly string HelpLinkBase = ReadHelpLinkBase() + "generators/";

    public static DiagnosticDescriptor OrchestrationFirstParameter { get; } = Create(
        "WFG0001",
        "Orchestration's first parameter must be OrchestrationContext",
        "Orchestration '{0}' must take an OrchestrationContext as its first parameter",
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor OrchestrationReturnType { get; } = Create(
        "WFG0002",
        "Orchestration must return Task or Task<T>",
        "Orchestration '{0}' returns '{1}'; an orchestration must return Task or Task<T>",
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor DuplicateName { get; } = Create(
        "WFG0003",
        "Duplicate workflow name",
        "{0} name '{1}' is used by both '{2}' and '{3}'; a worker can register only one of them",
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor GenericMethod { get; } = Create(
        "WFG0004",
        "Workflow methods cannot be generic",
        "'{0}' is generic (or declared in a generic type); a registered workflow needs one concrete signature",
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor UnserializableParameter { get; } = Create(
        "WFG0005",
        "Parameter or result cannot be serialized",
        "{0} of '{1}' cannot travel as a payload: {2}",
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor GeneratedMemberCollision { get; } = Create(
        "WFG0006",
        "Generated member collides with another member",
        "The generated member '{0}' for '{1}' collides with {2}; rename the method (or the event)",
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor Inaccessible { get; } = Create(
        "WFG0007",
        "Workflow method or its types are not accessible to generated code",
        "'{0}' is not accessible to generated code: {1} must be internal or public",
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor CannotConstruct { get; } = Create(
        "WFG0008",
        "Declaring type of an instance workflow method cannot be created",
        "'{0}' is an instance method, but its type '{1}' cannot be created: {2}",
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor MisplacedContext { get; } = Create(
        "WFG0009",
        "Context parameter in the wrong place",
        "'{0}': {1}",
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor InvalidEvent { get; } = Create(
        "WFG0010",
        "Invalid external event declaration",
        "External event '{0}' of '{1}' is invalid: {2}",
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor AsyncVoid { get; } = Create(
        "WFG0011",
        "Activity is async void",
        "Activity '{0}' is async void: nothing can wait for it or see its failure; return Task instead",
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor InvalidName { get; } = Create(
        "WFG0012",
        "Invalid workflow name or version",
        "'{0}' has an invalid {1}: it must not be empty or white space",
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor EventDataTypesDiffer { get; } = Create(
        "WFG0013",
        "External event declared with different data types",
        "Event '{0}' is declared with data type '{1}' on '{2}' but '{3}' on '{4}': no context.Events.{5} is generated for it. Give the declarations one data type, or rename one of the events.",
        DiagnosticSeverity.Warning);

    private static string ReadHelpLinkBase()
    {
        foreach (var attribute in typeof(DiagnosticDescriptors).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
        {
            if (attribute.Key == "WorkflowSdkHelpLinkBase" && !string.IsNullOrEmpty(attribute.Value))
            {
                return attribute.Value!;
            }
        }

        return "docs/";
    }

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new DiagnosticDescriptor(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
