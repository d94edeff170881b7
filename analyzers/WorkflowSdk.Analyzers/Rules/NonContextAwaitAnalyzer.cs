using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkflowSdk.Analyzers.Infrastructure;

namespace WorkflowSdk.Analyzers.Rules;

/// <summary>
/// WF0009: awaiting a task that did not come from the orchestration context.
/// </summary>
/// <remarks>
/// <para>Context-originated (never flagged): tasks returned by members of <c>OrchestrationContext</c>; by any
/// method that takes an <c>OrchestrationContext</c> argument (extension methods on it included, such as the
/// generated typed activity proxies); by methods of this compilation (they are orchestration code themselves
/// and are checked transitively); <c>Task.WhenAll/WhenAny</c> over such tasks; <c>Task.FromResult</c>,
/// <c>Task.CompletedTask</c> and friends; and locals assigned only from those.</para>
/// <para>Only tasks positively known to come from elsewhere (a call into a library) are flagged: tasks read from
/// parameters, fields or collections are given the benefit of the doubt, and tasks another rule already
/// flagged (Task.Delay, Task.Run, HttpClient calls, ...) are not flagged twice.</para>
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonContextAwaitAnalyzer : OrchestrationAnalyzer
{
    private const int MaxLocalDepth = 4;

    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.NonContextAwait,
        title: "Await only tasks that come from the orchestration context",
        messageFormat: RuleText.MessageFormat,
        category: RuleText.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The engine replays an orchestration by answering the tasks it created from history. A task from anywhere else (an SDK client, a library's async API) is not recorded: it runs again on every replay, may complete in a different order, and completes outside the orchestration's scheduler. Call it from an activity instead.",
        helpLinkUri: RuleText.HelpLink(RuleIdentifiers.NonContextAwait));

    internal static readonly OrchestrationRule Detector = new Detection();

    /// <summary>Creates the analyzer.</summary>
    public NonContextAwaitAnalyzer()
        : base(Detector)
    {
    }

    private sealed class Detection : OrchestrationRule
    {
        public Detection()
            : base(Rule, OperationKind.Await)
        {
        }

        public override void Inspect(IOperation operation, WalkContext context)
        {
            if (operation is not IAwaitOperation awaitOperation)
            {
                return;
            }

            var operand = WalkContext.Unwrap(awaitOperation.Operation);
            if (operand is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
            {
                operand = WalkContext.Unwrap(configured);
            }

            if (!context.Symbols.IsAnyTask(operand.Type))
            {
                return;
            }

            if (ExternalSource(operand, context, 0) is { } source)
            {
                context.Report(this, operation, $"awaits a task from '{source}', which did not come from the orchestration context and is not recorded in history");
            }
        }

        /// <summary>The name of the outside method the task comes from, or <see langword="null"/> when it is (or may be) the context's.</summary>
        private static string? ExternalSource(IOperation task, WalkContext context, int depth)
        {
            task = WalkContext.Unwrap(task);
            if (context.WasFlagged(task) || depth > MaxLocalDepth)
            {
                return null;
            }

            var symbols = context.Symbols;
            switch (task)
            {
                case IInvocationOperation invocation:
                    var method = OrchestrationModel.Normalize(invocation.TargetMethod);
                    if (symbols.IsOrchestrationContext(method.ContainingType) || symbols.SchedulesThroughContext(method)
                        || method.MethodKind is MethodKind.LocalFunction or MethodKind.DelegateInvoke
                        || context.Model.IsFollowable(method) || context.Model.IsRoot(method))
                    {
                        return null;
                    }

                    if (symbols.IsAnyTask(method.ContainingType) && method.IsStatic)
                    {
                        if (method.Name is "FromResult" or "FromException" or "FromCanceled")
                        {
                            return null;
                        }

                        if (method.Name is "WhenAll" or "WhenAny")
                        {
                            return ExternalElement(invocation, context, depth);
                        }
                    }

                    return method.ContainingType is { } type ? type.Name + "." + method.Name : method.Name;

                case ILocalReferenceOperation local:
                    foreach (var value in context.ValuesOf(local.Local))
                    {
                        if (ExternalSource(value, context, depth + 1) is { } source)
                        {
                            return source;
                        }
                    }

                    return null;

                default:
                    // Parameters, fields, properties, collection items: unknown, so not flagged.
                    return null;
            }
        }

        private static string? ExternalElement(IInvocationOperation whenAllOrAny, WalkContext context, int depth)
        {
            foreach (var argument in whenAllOrAny.Arguments)
            {
                var value = WalkContext.Unwrap(argument.Value);
                if (value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    foreach (var element in initializer.ElementValues)
                    {
                        if (ExternalSource(element, context, depth + 1) is { } source)
                        {
                            return source;
                        }
                    }
                }
                else if (value is ICollectionExpressionOperation collection)
                {
                    foreach (var element in collection.Elements)
                    {
                        if (ExternalSource(element, context, depth + 1) is { } source)
                        {
                            return source;
                        }
                    }
                }
                else if (context.Symbols.IsAnyTask(value.Type) && ExternalSource(value, context, depth + 1) is { } single)
                {
                    return single;
                }
            }

            return null;
        }
    }
}
