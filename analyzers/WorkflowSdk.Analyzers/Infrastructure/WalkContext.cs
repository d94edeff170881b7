using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WorkflowSdk.Analyzers.Infrastructure;

/// <summary>Where in a body the walk is: the facts rules need about the enclosing code.</summary>
internal readonly struct WalkState
{
    public WalkState(IOperation functionBody, string? contextName, bool functionIsAsync, bool inNestedRoot)
    {
        FunctionBody = functionBody;
        ContextName = contextName;
        FunctionIsAsync = functionIsAsync;
        InNestedRoot = inNestedRoot;
        Handler = null;
        InLoop = false;
        InReplayGuard = false;
    }

    /// <summary>The body of the innermost method, lambda or local function.</summary>
    public IOperation FunctionBody { get; init; }

    /// <summary>The name of the orchestration context parameter in scope (for code fixes), if any.</summary>
    public string? ContextName { get; init; }

    public bool FunctionIsAsync { get; init; }

    /// <summary>Inside a lambda or local function that takes an orchestration context.</summary>
    public bool InNestedRoot { get; init; }

    /// <summary>"catch" or "finally" when inside such a handler of the current function.</summary>
    public string? Handler { get; init; }

    public bool InLoop { get; init; }

    /// <summary>Inside code that only runs when the orchestration is not replaying.</summary>
    public bool InReplayGuard { get; init; }
}

/// <summary>What a rule sees while the walk inspects one operation.</summary>
internal sealed class WalkContext
{
    private readonly List<Finding> _findings;
    private readonly HashSet<SyntaxNode> _flagged = new();
    private readonly Dictionary<IOperation, Dictionary<ILocalSymbol, List<IOperation>>> _localValues = new();
    private readonly Dictionary<IOperation, Dictionary<ILocalSymbol, List<int>>> _localReads = new();

    public WalkContext(KnownSymbols symbols, OrchestrationModel model, List<Finding> findings)
    {
        Symbols = symbols;
        Model = model;
        _findings = findings;
    }

    public KnownSymbols Symbols { get; }

    public OrchestrationModel Model { get; }

    public WalkState State { get; set; }

    /// <summary>Records a finding at <paramref name="operation"/>.</summary>
    public void Report(
        OrchestrationRule rule,
        IOperation operation,
        string what,
        ImmutableDictionary<string, string?>? properties = null,
        Location? additionalLocation = null) =>
        Report(rule, operation.Syntax, what, properties, additionalLocation);

    public void Report(
        OrchestrationRule rule,
        SyntaxNode node,
        string what,
        ImmutableDictionary<string, string?>? properties = null,
        Location? additionalLocation = null)
    {
        _flagged.Add(node);
        _findings.Add(new Finding(
            rule,
            node.GetLocation(),
            what,
            properties ?? ImmutableDictionary<string, string?>.Empty,
            additionalLocation is null ? ImmutableArray<Location>.Empty : ImmutableArray.Create(additionalLocation),
            State.InNestedRoot));
    }

    /// <summary>Properties for a code fix that needs the context parameter; <see langword="null"/> when none is in scope.</summary>
    public ImmutableDictionary<string, string?>? FixProperties(string fix, string? extraKey = null, string? extraValue = null)
    {
        if (State.ContextName is null)
        {
            return null;
        }

        var builder = ImmutableDictionary.CreateBuilder<string, string?>();
        builder.Add(FixKeys.Fix, fix);
        builder.Add(FixKeys.Context, State.ContextName);
        if (extraKey is not null)
        {
            builder.Add(extraKey, extraValue);
        }

        return builder.ToImmutable();
    }

    /// <summary>Whether some rule already reported the syntax of <paramref name="operation"/> (conversions looked through).</summary>
    public bool WasFlagged(IOperation operation) => _flagged.Contains(Unwrap(operation).Syntax);

    /// <summary>Every value assigned to <paramref name="local"/> in the current function (initializer included).</summary>
    public IReadOnlyList<IOperation> ValuesOf(ILocalSymbol local)
    {
        var body = State.FunctionBody;
        if (!_localValues.TryGetValue(body, out var map))
        {
            map = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
            foreach (var operation in body.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation { Initializer: { } initializer } declarator:
                        Add(map, declarator.Symbol, initializer.Value);
                        break;
                    case IVariableDeclarationOperation { Initializer: { } shared } declaration:
                        foreach (var item in declaration.Declarators)
                        {
                            Add(map, item.Symbol, shared.Value);
                        }

                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                        Add(map, target.Local, assignment.Value);
                        break;
                }
            }

            _localValues[body] = map;
        }

        return map.TryGetValue(local, out var values) ? values : (IReadOnlyList<IOperation>)System.Array.Empty<IOperation>();

        static void Add(Dictionary<ILocalSymbol, List<IOperation>> map, ILocalSymbol local, IOperation value)
        {
            if (!map.TryGetValue(local, out var list))
            {
                list = new List<IOperation>();
                map[local] = list;
            }

            list.Add(value);
        }
    }

    /// <summary>Whether <paramref name="local"/> is read anywhere in the current function before <paramref name="position"/>.</summary>
    public bool IsReadBefore(ILocalSymbol local, int position)
    {
        var body = State.FunctionBody;
        if (!_localReads.TryGetValue(body, out var map))
        {
            map = new Dictionary<ILocalSymbol, List<int>>(SymbolEqualityComparer.Default);
            foreach (var operation in body.DescendantsAndSelf())
            {
                if (operation is ILocalReferenceOperation reference && !reference.IsDeclaration
                    && !(operation.Parent is ISimpleAssignmentOperation assignment && assignment.Target == operation))
                {
                    if (!map.TryGetValue(reference.Local, out var list))
                    {
                        list = new List<int>();
                        map[reference.Local] = list;
                    }

                    list.Add(operation.Syntax.SpanStart);
                }
            }

            _localReads[body] = map;
        }

        if (map.TryGetValue(local, out var reads))
        {
            foreach (var read in reads)
            {
                if (read < position)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Looks through conversions and parentheses.</summary>
    public static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }
}

/// <summary>Diagnostic property keys shared with the code fixes.</summary>
public static class FixKeys
{
    /// <summary>Which fix applies.</summary>
    public const string Fix = "WorkflowSdk.Fix";

    /// <summary>The name of the orchestration context parameter in scope.</summary>
    public const string Context = "WorkflowSdk.Context";

    /// <summary>Extra data for the fix (e.g. the logger category).</summary>
    public const string Argument = "WorkflowSdk.Argument";
}
