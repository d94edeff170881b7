using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkflowSdk.Analyzers.Infrastructure;

namespace WorkflowSdk.Analyzers.Rules;

/// <summary>WF0001: the system clock (DateTime.Now/UtcNow/Today, DateTimeOffset.Now/UtcNow, TimeProvider, Stopwatch, Environment.TickCount).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SystemClockAnalyzer : OrchestrationAnalyzer
{
    /// <summary>Fix: replace with <c>context.CurrentUtcDateTime</c>.</summary>
    public const string FixCurrentUtcDateTime = "CurrentUtcDateTime";

    /// <summary>Fix: replace with <c>context.CurrentUtcDateTime.Date</c>.</summary>
    public const string FixToday = "Today";

    /// <summary>Fix: replace with <c>new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero)</c>.</summary>
    public const string FixDateTimeOffset = "DateTimeOffset";

    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.SystemClock,
        title: "Do not read the system clock in orchestration code",
        messageFormat: RuleText.MessageFormat,
        category: RuleText.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Orchestration code is replayed from history, so the clock it reads must be the recorded one: use context.CurrentUtcDateTime instead of DateTime.Now/UtcNow/Today, DateTimeOffset.Now/UtcNow, TimeProvider.System, Stopwatch or Environment.TickCount.",
        helpLinkUri: RuleText.HelpLink(RuleIdentifiers.SystemClock));

    internal static readonly OrchestrationRule Detector = new Detection();

    /// <summary>Creates the analyzer.</summary>
    public SystemClockAnalyzer()
        : base(Detector)
    {
    }

    private sealed class Detection : OrchestrationRule
    {
        public Detection()
            : base(Rule, OperationKind.PropertyReference, OperationKind.Invocation, OperationKind.ObjectCreation)
        {
        }

        public override void Inspect(IOperation operation, WalkContext context)
        {
            var symbols = context.Symbols;
            switch (operation)
            {
                case IPropertyReferenceOperation { Property: { IsStatic: true } property }:
                    if (KnownSymbols.Is(property.ContainingType, symbols.DateTime))
                    {
                        switch (property.Name)
                        {
                            case "Now":
                                context.Report(this, operation, "reads DateTime.Now, the worker's local time, which differs on every replay", context.FixProperties(FixCurrentUtcDateTime));
                                break;
                            case "UtcNow":
                                context.Report(this, operation, "reads DateTime.UtcNow, which differs on every replay", context.FixProperties(FixCurrentUtcDateTime));
                                break;
                            case "Today":
                                context.Report(this, operation, "reads DateTime.Today, the worker's local date, which differs on replay", context.FixProperties(FixToday));
                                break;
                        }
                    }
                    else if (KnownSymbols.Is(property.ContainingType, symbols.DateTimeOffset) && property.Name is "Now" or "UtcNow")
                    {
                        context.Report(this, operation, $"reads DateTimeOffset.{property.Name}, which differs on every replay", context.FixProperties(FixDateTimeOffset));
                    }
                    else if (KnownSymbols.Is(property.ContainingType, symbols.TimeProvider) && property.Name == "System")
                    {
                        context.Report(this, operation, "reads TimeProvider.System, the machine clock, which differs on every replay");
                    }
                    else if (KnownSymbols.Is(property.ContainingType, symbols.Environment) && property.Name is "TickCount" or "TickCount64")
                    {
                        context.Report(this, operation, $"reads Environment.{property.Name}, which differs on every replay");
                    }

                    break;

                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    if (method.IsStatic && KnownSymbols.Is(method.ContainingType, symbols.Stopwatch))
                    {
                        context.Report(this, operation, $"calls Stopwatch.{method.Name}, which measures wall-clock time that differs on every replay");
                    }
                    else if (method.Name is "GetUtcNow" or "GetLocalNow" or "GetTimestamp" or "GetElapsedTime"
                        && KnownSymbols.IsOrDerives(method.ContainingType, symbols.TimeProvider)
                        && !(invocation.Instance is { } instance && context.WasFlagged(instance)))
                    {
                        context.Report(this, operation, $"calls TimeProvider.{method.Name}, which reads a clock that differs on every replay");
                    }

                    break;

                case IObjectCreationOperation creation when KnownSymbols.Is(creation.Type, symbols.Stopwatch):
                    context.Report(this, operation, "creates a Stopwatch, which measures wall-clock time that differs on every replay");
                    break;
            }
        }
    }
}
