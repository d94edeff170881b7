using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkflowSdk.Analyzers.Infrastructure;

namespace WorkflowSdk.Analyzers.Rules;

/// <summary>
/// WF0007: blocking in orchestration code: <c>.Result</c>, <c>.Wait()</c> and <c>.GetAwaiter().GetResult()</c>
/// on tasks that may still be pending, Task.WaitAll/WaitAny, <c>lock</c>, SemaphoreSlim.
/// </summary>
/// <remarks>
/// <c>.Result</c> on a task that was already awaited (the winner of <c>await Task.WhenAny</c>, the items of
/// <c>await Task.WhenAll</c>) is the usual way to read results and is not flagged: only tasks fresh from a call,
/// or locals holding one that nothing has looked at yet, are.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingAnalyzer : OrchestrationAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.Blocking,
        title: "Do not block in orchestration code",
        messageFormat: RuleText.MessageFormat,
        category: RuleText.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A task from the orchestration context completes only after the orchestration yields to the engine, so blocking on it deadlocks the episode; blocking on anything else holds the worker's orchestration thread. Await instead, and do not use lock or SemaphoreSlim: orchestration code never runs concurrently with itself.",
        helpLinkUri: RuleText.HelpLink(RuleIdentifiers.Blocking));

    internal static readonly OrchestrationRule Detector = new Detection();

    /// <summary>Creates the analyzer.</summary>
    public BlockingAnalyzer()
        : base(Detector)
    {
    }

    private sealed class Detection : OrchestrationRule
    {
        public Detection()
            : base(Rule, OperationKind.PropertyReference, OperationKind.Invocation, OperationKind.Lock)
        {
        }

        public override void Inspect(IOperation operation, WalkContext context)
        {
            var symbols = context.Symbols;
            switch (operation)
            {
                case ILockOperation:
                    context.Report(this, operation, "takes a lock, which can block the orchestration thread and guards nothing (orchestration code never runs concurrently)");
                    break;

                case IPropertyReferenceOperation { Property.Name: "Result", Instance: { } task } when symbols.IsAnyTask(task.Type):
                    if (MayBePending(task, context))
                    {
                        context.Report(this, operation, "blocks on Task.Result of a task that has not completed, which deadlocks or blocks the worker");
                    }

                    break;

                case IInvocationOperation { TargetMethod: var method } invocation:
                    var containing = method.ContainingType;
                    if (method.Name == "Wait" && symbols.IsAnyTask(containing) && invocation.Instance is { } waited)
                    {
                        if (MayBePending(waited, context))
                        {
                            context.Report(this, operation, "blocks on Task.Wait(), which deadlocks or blocks the worker");
                        }
                    }
                    else if (method.Name is "WaitAll" or "WaitAny" && method.IsStatic && KnownSymbols.Is(containing, symbols.Task))
                    {
                        context.Report(this, operation, $"blocks on Task.{method.Name}, which deadlocks or blocks the worker; await Task.{method.Name.Replace("Wait", "When")} instead");
                    }
                    else if (method.Name == "GetResult" && IsAwaiter(containing, symbols)
                        && WalkContext.Unwrap(invocation.Instance ?? operation) is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaited }
                        && MayBePending(awaited, context))
                    {
                        context.Report(this, operation, "blocks on GetAwaiter().GetResult(), which deadlocks or blocks the worker");
                    }
                    else if (method.Name is "Wait" or "WaitAsync" && KnownSymbols.Is(containing, symbols.SemaphoreSlim))
                    {
                        context.Report(this, operation, $"waits on SemaphoreSlim.{method.Name}, which blocks the orchestration on something history does not record");
                    }

                    break;
            }
        }

        private static bool IsAwaiter(ITypeSymbol? type, KnownSymbols symbols) =>
            KnownSymbols.Is(type, symbols.TaskAwaiter) || KnownSymbols.Is(type, symbols.TaskAwaiterOfT)
            || KnownSymbols.Is(type, symbols.ValueTaskAwaiter) || KnownSymbols.Is(type, symbols.ValueTaskAwaiterOfT);

        /// <summary>A task fresh from a call, or a local holding one that has not been read before this point.</summary>
        private static bool MayBePending(IOperation task, WalkContext context)
        {
            switch (WalkContext.Unwrap(task))
            {
                case IInvocationOperation invocation:
                    return !IsCompletedTaskFactory(invocation.TargetMethod, context.Symbols);
                case ILocalReferenceOperation local:
                    var values = context.ValuesOf(local.Local);
                    if (values.Count == 0 || context.IsReadBefore(local.Local, local.Syntax.SpanStart))
                    {
                        return false;
                    }

                    foreach (var value in values)
                    {
                        if (WalkContext.Unwrap(value) is not IInvocationOperation invocation || IsCompletedTaskFactory(invocation.TargetMethod, context.Symbols))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        private static bool IsCompletedTaskFactory(IMethodSymbol method, KnownSymbols symbols) =>
            method.Name is "FromResult" or "FromException" or "FromCanceled" && symbols.IsAnyTask(method.ContainingType);
    }
}
