using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkflowSdk.Analyzers.Infrastructure;

namespace WorkflowSdk.Analyzers.Rules;

/// <summary>
/// WF0005: code that leaves the orchestration's single-threaded scheduler: Task.Run, Task.Factory.StartNew,
/// Task.Start, new Thread, ThreadPool, Parallel, and Task.Yield used to wait in a loop.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThreadingAnalyzer : OrchestrationAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.Threading,
        title: "Do not start threads or use other schedulers in orchestration code",
        messageFormat: RuleText.MessageFormat,
        category: RuleText.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Orchestration code runs on the engine's single-threaded scheduler, which replays continuations in a fixed order. Work started on the thread pool or another thread runs in parallel with it, in an order that is different on every replay. Use activities for parallel work and Task.WhenAll over context tasks for fan-out.",
        helpLinkUri: RuleText.HelpLink(RuleIdentifiers.Threading));

    internal static readonly OrchestrationRule Detector = new Detection();

    /// <summary>Creates the analyzer.</summary>
    public ThreadingAnalyzer()
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
                if (KnownSymbols.Is(creation.Type, symbols.Thread))
                {
                    context.Report(this, operation, "creates a Thread, which runs code outside the orchestration's scheduler");
                }

                return;
            }

            if (operation is not IInvocationOperation { TargetMethod: var method })
            {
                return;
            }

            var containing = method.ContainingType;
            if (method.Name == "Run" && method.IsStatic && (KnownSymbols.Is(containing, symbols.Task) || KnownSymbols.Is(containing, symbols.TaskOfT)))
            {
                context.Report(this, operation, "calls Task.Run, which runs code on the thread pool outside the orchestration's scheduler");
            }
            else if (method.Name == "StartNew" && (KnownSymbols.Is(containing, symbols.TaskFactory) || KnownSymbols.Is(containing, symbols.TaskFactoryOfT)))
            {
                context.Report(this, operation, "calls TaskFactory.StartNew, which runs code outside the orchestration's scheduler");
            }
            else if (method.Name == "Start" && !method.IsStatic && (KnownSymbols.Is(containing, symbols.Task) || KnownSymbols.Is(containing, symbols.TaskOfT)))
            {
                context.Report(this, operation, "calls Task.Start, which runs code outside the orchestration's scheduler");
            }
            else if (KnownSymbols.Is(containing, symbols.ThreadPool))
            {
                context.Report(this, operation, $"calls ThreadPool.{method.Name}, which runs code outside the orchestration's scheduler");
            }
            else if (KnownSymbols.Is(containing, symbols.Parallel))
            {
                context.Report(this, operation, $"calls Parallel.{method.Name}, which runs code on several threads at once");
            }
            else if (method.Name == "Yield" && KnownSymbols.Is(containing, symbols.Task) && context.State.InLoop)
            {
                context.Report(this, operation, "awaits Task.Yield() in a loop, which never lets new history arrive and spins until the episode is abandoned");
            }
        }
    }
}
