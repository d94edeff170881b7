using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkflowSdk.Analyzers.Infrastructure;

namespace WorkflowSdk.Analyzers.Rules;

/// <summary>
/// WF0003: delays, timers and timeouts that are not durable: Thread.Sleep, Task.Delay, SpinWait,
/// System.Threading.Timer, System.Timers.Timer, PeriodicTimer, Task.WaitAsync(TimeSpan),
/// new CancellationTokenSource(TimeSpan), CancelAfter.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonDurableDelayAnalyzer : OrchestrationAnalyzer
{
    /// <summary>Fix: <c>Task.Delay(x)</c> becomes <c>context.CreateTimer(x)</c>.</summary>
    public const string FixDelay = "Delay";

    /// <summary>Fix: <c>Thread.Sleep(x);</c> becomes <c>await context.CreateTimer(x);</c>.</summary>
    public const string FixSleep = "Sleep";

    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.NonDurableDelay,
        title: "Use durable timers instead of delays, timers and wall-clock timeouts",
        messageFormat: RuleText.MessageFormat,
        category: RuleText.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An in-memory delay, timer or timeout is not recorded in history: it is lost when the worker restarts, waits again on every replay and blocks or races the orchestration. Use await context.CreateTimer(...) and Task.WhenAny for timeouts.",
        helpLinkUri: RuleText.HelpLink(RuleIdentifiers.NonDurableDelay));

    internal static readonly OrchestrationRule Detector = new Detection();

    /// <summary>Creates the analyzer.</summary>
    public NonDurableDelayAnalyzer()
        : base(Detector)
    {
    }

    private sealed class Detection : OrchestrationRule
    {
        public Detection()
            : base(Rule, OperationKind.Invocation, OperationKind.ObjectCreation)
        {
        }

        public override void Inspect(IOperation operation, WalkContext context)
        {
            var symbols = context.Symbols;
            if (operation is IObjectCreationOperation creation)
            {
                var type = creation.Type;
                if (KnownSymbols.Is(type, symbols.ThreadingTimer) || KnownSymbols.Is(type, symbols.TimersTimer) || KnownSymbols.Is(type, symbols.PeriodicTimer))
                {
                    context.Report(this, operation, $"creates a {type!.ToDisplayString()}, which is not durable and fires outside the orchestration");
                }
                else if (KnownSymbols.Is(type, symbols.CancellationTokenSource) && creation.Arguments.Length > 0
                    && creation.Constructor?.Parameters.Any(p => KnownSymbols.Is(p.Type, symbols.TimeSpan) || p.Type.SpecialType == SpecialType.System_Int32) == true)
                {
                    context.Report(this, operation, "creates a CancellationTokenSource that cancels after wall-clock time, which is not durable");
                }

                return;
            }

            if (operation is not IInvocationOperation invocation)
            {
                return;
            }

            var method = invocation.TargetMethod;
            var containing = method.ContainingType;
            if (method.Name == "Sleep" && KnownSymbols.Is(containing, symbols.Thread))
            {
                var canFix = context.State.FunctionIsAsync && operation.Parent is IExpressionStatementOperation && IsPlainDuration(invocation, 1);
                context.Report(this, operation, "calls Thread.Sleep, which blocks the worker and is not durable", canFix ? context.FixProperties(FixSleep, FixKeys.Argument, DurationKind(invocation)) : null);
            }
            else if (method.Name == "Delay" && KnownSymbols.Is(containing, symbols.Task))
            {
                var canFix = IsPlainDuration(invocation, 2);
                context.Report(this, operation, "calls Task.Delay, which is not durable and does not survive a restart", canFix ? context.FixProperties(FixDelay, FixKeys.Argument, DurationKind(invocation)) : null);
            }
            else if (KnownSymbols.Is(containing, symbols.SpinWait))
            {
                context.Report(this, operation, $"calls SpinWait.{method.Name}, which spins on wall-clock time");
            }
            else if (method.Name == "WaitAsync" && (KnownSymbols.Is(containing, symbols.Task) || KnownSymbols.Is(containing, symbols.TaskOfT))
                && method.Parameters.Any(p => KnownSymbols.Is(p.Type, symbols.TimeSpan)))
            {
                context.Report(this, operation, "calls WaitAsync with a wall-clock timeout, which is not durable");
            }
            else if (method.Name == "CancelAfter" && KnownSymbols.Is(containing, symbols.CancellationTokenSource))
            {
                context.Report(this, operation, "calls CancellationTokenSource.CancelAfter, a wall-clock timeout that is not durable");
            }
        }

        /// <summary>"Milliseconds" when the duration is an int of milliseconds, "TimeSpan" otherwise.</summary>
        private static string DurationKind(IInvocationOperation invocation) =>
            invocation.TargetMethod.Parameters[0].Type.SpecialType == SpecialType.System_Int32 ? "Milliseconds" : "TimeSpan";

        /// <summary>
        /// (TimeSpan) or (int milliseconds), optionally followed by a CancellationToken: the overloads that map onto
        /// CreateTimer. A negative constant (Timeout.Infinite) does not map.
        /// </summary>
        private static bool IsPlainDuration(IInvocationOperation invocation, int maxParameters)
        {
            var parameters = invocation.TargetMethod.Parameters;
            if (parameters.Length == 0 || parameters.Length > maxParameters
                || invocation.Syntax is not Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { ArgumentList.Arguments: var arguments }
                || arguments.Any(a => a.NameColon is not null))
            {
                return false;
            }

            var first = parameters[0].Type;
            var isDuration = first.SpecialType == SpecialType.System_Int32 || first.ToDisplayString() == "System.TimeSpan";
            var restIsToken = parameters.Length == 1 || parameters[1].Type.ToDisplayString() == "System.Threading.CancellationToken";
            if (!isDuration || !restIsToken)
            {
                return false;
            }

            var value = invocation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, parameters[0]))?.Value;
            return value is not null && !(value.ConstantValue is { HasValue: true, Value: int constant } && constant < 0);
        }
    }
}
