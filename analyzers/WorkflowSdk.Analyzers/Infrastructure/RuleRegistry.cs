using System.Collections.Generic;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using WorkflowSdk.Analyzers.Rules;

namespace WorkflowSdk.Analyzers.Infrastructure;

/// <summary>Every rule's detector, and which operation kinds each one wants to see.</summary>
internal static class RuleRegistry
{
    public static readonly ImmutableArray<OrchestrationRule> All = ImmutableArray.Create(
        SystemClockAnalyzer.Detector,
        RandomnessAnalyzer.Detector,
        NonDurableDelayAnalyzer.Detector,
        AwaitInCatchOrFinallyAnalyzer.Detector,
        ThreadingAnalyzer.Detector,
        ConfigureAwaitAnalyzer.Detector,
        BlockingAnalyzer.Detector,
        InputOutputAnalyzer.Detector,
        NonContextAwaitAnalyzer.Detector,
        StaticMutableStateAnalyzer.Detector,
        HashRandomizationAnalyzer.Detector,
        HostDependentValueAnalyzer.Detector,
        ReplaySafeLoggerAnalyzer.Detector,
        AsyncVoidAnalyzer.Detector);

    public static readonly ImmutableDictionary<OperationKind, ImmutableArray<OrchestrationRule>> Dispatch = BuildDispatch();

    private static ImmutableDictionary<OperationKind, ImmutableArray<OrchestrationRule>> BuildDispatch()
    {
        var map = new Dictionary<OperationKind, ImmutableArray<OrchestrationRule>.Builder>();
        foreach (var rule in All)
        {
            foreach (var kind in rule.OperationKinds)
            {
                if (!map.TryGetValue(kind, out var list))
                {
                    list = ImmutableArray.CreateBuilder<OrchestrationRule>();
                    map[kind] = list;
                }

                list.Add(rule);
            }
        }

        var builder = ImmutableDictionary.CreateBuilder<OperationKind, ImmutableArray<OrchestrationRule>>();
        foreach (var pair in map)
        {
            builder.Add(pair.Key, pair.Value.ToImmutable());
        }

        return builder.ToImmutable();
    }
}

/// <summary>Shared descriptor parts.</summary>
internal static class RuleText
{
    public const string Category = "Determinism";

    /// <summary>"{subject} {what}{where}": e.g. "Orchestration code reads DateTime.Now ..." or "'Helper.Compute' reads ... (via ...)".</summary>
    public const string MessageFormat = "{0} {1}{2}";

    /// <summary>
    /// Where the rules' pages are: the build's <c>WorkflowSdkHelpLinkBase</c> (Directory.Build.targets), either the
    /// published docs of the repository the packages were built from, or the docs folder shipped in the WorkflowSdk
    /// package (<c>workflowsdk/VERSION/docs/</c> in the NuGet packages folder).
    /// </summary>
    public static readonly string HelpLinkBase = ReadHelpLinkBase();

    public static string HelpLink(string id) => HelpLinkBase + "analyzers/" + id + ".md";

    private static string ReadHelpLinkBase()
    {
        foreach (var attribute in typeof(RuleText).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
        {
            if (attribute.Key == "WorkflowSdkHelpLinkBase" && !string.IsNullOrEmpty(attribute.Value))
            {
                return attribute.Value!;
            }
        }

        return "docs/";
    }
}
