using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WorkflowSdk.Analyzers.Infrastructure;

/// <summary>
/// Walks one member's operations once, runs every rule's detector on them, and records the calls the
/// call graph may follow. Keeps track of the facts rules depend on: the enclosing catch/finally, loops,
/// <c>IsReplaying</c> guards, and the orchestration context in scope.
/// </summary>
internal sealed class BodyWalker
{
    private readonly KnownSymbols _symbols;
    private readonly OrchestrationModel _model;
    private readonly ImmutableDictionary<OperationKind, ImmutableArray<OrchestrationRule>> _dispatch;
    private readonly List<Finding> _findings = new();
    private readonly List<CallSite> _calls = new();
    private readonly WalkContext _context;
    private bool _hasNestedRoots;

    public BodyWalker(OrchestrationModel model, ImmutableDictionary<OperationKind, ImmutableArray<OrchestrationRule>> dispatch)
    {
        _model = model;
        _symbols = model.Symbols;
        _dispatch = dispatch;
        _context = new WalkContext(_symbols, model, _findings);
    }

    public void WalkMember(IOperation body, IMethodSymbol member)
    {
        var state = new WalkState(body, _symbols.FindContextParameter(member)?.Name, member.IsAsync, inNestedRoot: false);
        Visit(body, state);
    }

    public MemberSummary ToSummary() =>
        _findings.Count == 0 && _calls.Count == 0 && !_hasNestedRoots
            ? MemberSummary.Empty
            : new MemberSummary(_findings.ToImmutableArray(), _calls.ToImmutableArray(), _hasNestedRoots);

    private void Visit(IOperation? operation, WalkState state)
    {
        if (operation is null)
        {
            return;
        }

        switch (operation)
        {
            case INameOfOperation:
            case ITypeOfOperation:
                // nameof(DateTime.Now) reads nothing.
                return;

            case IAnonymousFunctionOperation lambda:
                VisitFunction(lambda, lambda.Symbol, lambda.Body, state);
                return;

            case ILocalFunctionOperation local:
                VisitFunction(local, local.Symbol, local.Body, state);
                return;

            case ITryOperation @try:
                Visit(@try.Body, state);
                foreach (var clause in @try.Catches)
                {
                    Visit(clause.ExceptionDeclarationOrExpression, state);
                    Visit(clause.Filter, state);
                    Visit(clause.Handler, state with { Handler = "catch" });
                }

                Visit(@try.Finally, state with { Handler = "finally" });
                Inspect(operation, state);
                return;

            case ILoopOperation:
                VisitChildren(operation, state with { InLoop = true });
                Inspect(operation, state);
                return;

            case IConditionalOperation conditional:
                Visit(conditional.Condition, state);
                Visit(conditional.WhenTrue, ReplayGuards.IsNotReplaying(conditional.Condition, _symbols) ? state with { InReplayGuard = true } : state);
                Visit(conditional.WhenFalse, ReplayGuards.IsReplaying(conditional.Condition, _symbols) ? state with { InReplayGuard = true } : state);
                Inspect(operation, state);
                return;

            case IBlockOperation block:
                var blockState = state;
                foreach (var statement in block.Operations)
                {
                    Visit(statement, blockState);

                    // `if (context.IsReplaying) return;` guards everything after it.
                    if (ReplayGuards.IsReplayingEarlyExit(statement, _symbols))
                    {
                        blockState = blockState with { InReplayGuard = true };
                    }
                }

                return;

            case IInvocationOperation invocation when state.InReplayGuard && LoggingCalls.IsLoggingCall(invocation, _symbols, out _):
                // Logging that only happens on the first execution is what the guard is for.
                return;
        }

        VisitChildren(operation, state);
        RecordCall(operation, state);
        Inspect(operation, state);
    }

    private void VisitChildren(IOperation operation, WalkState state)
    {
        foreach (var child in operation.ChildOperations)
        {
            Visit(child, state);
        }
    }

    private void VisitFunction(IOperation function, IMethodSymbol symbol, IOperation? body, WalkState outer)
    {
        if (_symbols.IsActivity(symbol))
        {
            return;
        }

        var contextParameter = _symbols.FindContextParameter(symbol);
        var isStatic = symbol.IsStatic;
        if (contextParameter is not null)
        {
            _hasNestedRoots = true;
        }

        var inner = new WalkState(
            body ?? function,
            contextParameter?.Name ?? (isStatic ? null : outer.ContextName),
            symbol.IsAsync,
            outer.InNestedRoot || contextParameter is not null);
        Visit(body, inner);
        Inspect(function, outer);
    }

    private void Inspect(IOperation operation, WalkState state)
    {
        if (!_dispatch.TryGetValue(operation.Kind, out var rules))
        {
            return;
        }

        _context.State = state;
        foreach (var rule in rules)
        {
            rule.Inspect(operation, _context);
        }
    }

    private void RecordCall(IOperation operation, WalkState state)
    {
        IMethodSymbol? callee = operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            IPropertyReferenceOperation property => IsWrite(property) ? property.Property.SetMethod : property.Property.GetMethod,
            IMethodReferenceOperation reference => reference.Method,
            IBinaryOperation binary => binary.OperatorMethod,
            IUnaryOperation unary => unary.OperatorMethod,
            IConversionOperation conversion => conversion.OperatorMethod,
            _ => null,
        };

        if (callee is null)
        {
            return;
        }

        callee = OrchestrationModel.Normalize(callee);
        if (_model.IsFollowable(callee))
        {
            _calls.Add(new CallSite(callee, operation.Syntax.GetLocation(), state.InNestedRoot));
        }
    }

    private static bool IsWrite(IPropertyReferenceOperation property) =>
        property.Parent is ISimpleAssignmentOperation assignment && assignment.Target == property;
}

/// <summary>Recognizes <c>IsReplaying</c> checks on an orchestration context.</summary>
internal static class ReplayGuards
{
    /// <summary>True when <paramref name="condition"/> being true implies the code is not replaying.</summary>
    public static bool IsNotReplaying(IOperation? condition, KnownSymbols symbols)
    {
        if (condition is null)
        {
            return false;
        }

        condition = WalkContext.Unwrap(condition);
        return condition switch
        {
            IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not => IsReplayingReference(not.Operand, symbols),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and =>
                IsNotReplaying(and.LeftOperand, symbols) || IsNotReplaying(and.RightOperand, symbols),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals => ComparesWith(equals, false, symbols),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } notEquals => ComparesWith(notEquals, true, symbols),
            IIsPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: false } } } pattern =>
                IsReplayingReference(pattern.Value, symbols),
            _ => false,
        };
    }

    /// <summary>True when <paramref name="condition"/> being false implies the code is not replaying.</summary>
    public static bool IsReplaying(IOperation? condition, KnownSymbols symbols)
    {
        if (condition is null)
        {
            return false;
        }

        condition = WalkContext.Unwrap(condition);
        return condition switch
        {
            _ when IsReplayingReference(condition, symbols) => true,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or =>
                IsReplaying(or.LeftOperand, symbols) || IsReplaying(or.RightOperand, symbols),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals => ComparesWith(equals, true, symbols),
            _ => false,
        };
    }

    /// <summary><c>if (context.IsReplaying) return;</c> (or throw, continue, break).</summary>
    public static bool IsReplayingEarlyExit(IOperation statement, KnownSymbols symbols)
    {
        if (statement is not IConditionalOperation { WhenFalse: null } conditional || !IsReplaying(conditional.Condition, symbols))
        {
            return false;
        }

        var exit = conditional.WhenTrue;
        while (exit is IBlockOperation { Operations.Length: > 0 } block)
        {
            exit = block.Operations[block.Operations.Length - 1];
        }

        return exit is IReturnOperation or IBranchOperation or IThrowOperation
            || exit is IExpressionStatementOperation { Operation: IThrowOperation };
    }

    private static bool ComparesWith(IBinaryOperation comparison, bool value, KnownSymbols symbols) =>
        (IsReplayingReference(comparison.LeftOperand, symbols) && IsConstant(comparison.RightOperand, value))
        || (IsReplayingReference(comparison.RightOperand, symbols) && IsConstant(comparison.LeftOperand, value));

    private static bool IsConstant(IOperation operation, bool value) =>
        operation.ConstantValue is { HasValue: true, Value: bool constant } && constant == value;

    private static bool IsReplayingReference(IOperation operation, KnownSymbols symbols) =>
        WalkContext.Unwrap(operation) is IPropertyReferenceOperation { Property.Name: "IsReplaying" } property
        && symbols.IsOrchestrationContext(property.Property.ContainingType);
}
