using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace WorkflowSdk.Analyzers.Infrastructure;

/// <summary>
/// Everything the rules know about one compilation, built lazily and shared by all analyzers: which
/// methods are orchestrations, a summary of each member's body (findings of every rule plus the calls
/// it makes), which helpers orchestrations reach, and what each helper reaches transitively.
/// </summary>
/// <remarks>
/// One instance per <see cref="Compilation"/> (a <see cref="ConditionalWeakTable{TKey,TValue}"/>), so the
/// fourteen rule analyzers bind and walk each body once between them. The call graph is walked
/// breadth-first and bounded by <see cref="MaxDepth"/> and <see cref="MaxMethodsPerWalk"/>; every
/// entry point swallows exceptions from broken code and reports nothing rather than crashing the build.
/// </remarks>
internal sealed class OrchestrationModel
{
    /// <summary>The longest call path followed from an orchestration (the orchestration itself not counted).</summary>
    public const int MaxDepth = 8;

    /// <summary>The most methods one transitive walk visits.</summary>
    public const int MaxMethodsPerWalk = 512;

    private static readonly ConditionalWeakTable<Compilation, Holder> s_models = new();

    private readonly Compilation _compilation;
    private readonly ImmutableDictionary<OperationKind, ImmutableArray<OrchestrationRule>> _dispatch;
    private readonly ConcurrentDictionary<IMethodSymbol, MemberSummary> _summaries = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableDictionary<OrchestrationRule, TransitiveHit>> _transitive = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _roots = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<SyntaxTree, bool> _generated = new();
    private readonly ConcurrentDictionary<(string Fact, ISymbol Symbol), bool> _facts = new();
    private readonly Lazy<ImmutableDictionary<IMethodSymbol, Reach>> _reachable;

    private OrchestrationModel(Compilation compilation, KnownSymbols symbols)
    {
        _compilation = compilation;
        Symbols = symbols;
        _dispatch = RuleRegistry.Dispatch;
        _reachable = new Lazy<ImmutableDictionary<IMethodSymbol, Reach>>(ComputeReachable, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public KnownSymbols Symbols { get; }

    /// <summary>The model of <paramref name="compilation"/>, or <see langword="null"/> when it does not reference WorkflowSdk.</summary>
    public static OrchestrationModel? For(Compilation compilation) =>
        s_models.GetValue(compilation, static c =>
        {
            var symbols = new KnownSymbols(c);

            // Nothing is orchestration code without WorkflowSdk, nor in WorkflowSdk itself (the runtime).
            var applies = symbols.OrchestrationContext is { } context
                && !SymbolEqualityComparer.Default.Equals(context.ContainingAssembly, c.Assembly);
            return new Holder(applies ? new OrchestrationModel(c, symbols) : null);
        }).Model;

    /// <summary>The symbol whose body runs: the implementation part of a partial method, the unreduced generic definition.</summary>
    public static IMethodSymbol Normalize(IMethodSymbol method)
    {
        method = method.ReducedFrom ?? method;
        method = method.PartialImplementationPart ?? method;
        return method.OriginalDefinition;
    }

    /// <summary>An orchestration entry point (<c>[Orchestration]</c> or an orchestration context parameter).</summary>
    public bool IsRoot(IMethodSymbol method) =>
        _roots.GetOrAdd(method, m => Symbols.IsOrchestrationRoot(m) && !IsGenerated(m));

    /// <summary>
    /// Whether a call to <paramref name="method"/> is followed: user code in this compilation with a body,
    /// not an activity, not an orchestration (those are checked where they are), not the context itself.
    /// </summary>
    public bool IsFollowable(IMethodSymbol method)
    {
        if (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction or MethodKind.DelegateInvoke
            || method.IsAbstract || method.IsExtern || method.DeclaringSyntaxReferences.IsEmpty && method.MethodKind != MethodKind.Constructor
            || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly)
            || Symbols.IsOrchestrationContext(method.ContainingType))
        {
            return false;
        }

        return !IsRoot(method) && !Symbols.IsActivity(method) && !IsGenerated(method);
    }

    /// <summary>A yes/no fact about a symbol that a rule computes once per compilation (e.g. "holds a replay-safe logger").</summary>
    public bool GetFact(string fact, ISymbol symbol, Func<ISymbol, bool> compute) =>
        _facts.GetOrAdd((fact, symbol), key => compute(key.Symbol));

    /// <summary>How <paramref name="method"/> is reached from an orchestration, or <see langword="null"/>.</summary>
    public Reach? GetReach(IMethodSymbol method) =>
        _reachable.Value.TryGetValue(method, out var reach) ? reach : null;

    /// <summary>The findings and calls of <paramref name="method"/>'s body (cached).</summary>
    public MemberSummary GetSummary(IMethodSymbol method) => _summaries.GetOrAdd(method, Summarize);

    /// <summary>For each rule, the nearest finding among everything <paramref name="callee"/> reaches (itself included).</summary>
    public ImmutableDictionary<OrchestrationRule, TransitiveHit> GetTransitive(IMethodSymbol callee) =>
        _transitive.GetOrAdd(callee, ComputeTransitive);

    private ImmutableDictionary<OrchestrationRule, TransitiveHit> ComputeTransitive(IMethodSymbol start)
    {
        var first = new Dictionary<OrchestrationRule, (Finding Finding, ImmutableArray<IMethodSymbol> Path)>();
        var counts = new Dictionary<OrchestrationRule, int>();
        var visited = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { start };
        var queue = new Queue<ImmutableArray<IMethodSymbol>>();
        queue.Enqueue(ImmutableArray.Create(start));
        while (queue.Count > 0)
        {
            var path = queue.Dequeue();
            var summary = GetSummary(path[path.Length - 1]);
            foreach (var finding in summary.Findings)
            {
                if (!first.ContainsKey(finding.Rule))
                {
                    first[finding.Rule] = (finding, path);
                }

                counts[finding.Rule] = counts.TryGetValue(finding.Rule, out var count) ? count + 1 : 1;
            }

            if (path.Length >= MaxDepth)
            {
                continue;
            }

            foreach (var call in summary.Calls)
            {
                if (visited.Count < MaxMethodsPerWalk && visited.Add(call.Callee))
                {
                    queue.Enqueue(path.Add(call.Callee));
                }
            }
        }

        var builder = ImmutableDictionary.CreateBuilder<OrchestrationRule, TransitiveHit>();
        foreach (var pair in first)
        {
            builder.Add(pair.Key, new TransitiveHit(pair.Value.Finding, pair.Value.Path, counts[pair.Key]));
        }

        return builder.ToImmutable();
    }

    private ImmutableDictionary<IMethodSymbol, Reach> ComputeReachable()
    {
        try
        {
            var reach = new Dictionary<IMethodSymbol, Reach>(SymbolEqualityComparer.Default);
            var queue = new Queue<Reach>();
            foreach (var (root, nestedOnly) in FindRoots())
            {
                foreach (var call in GetSummary(root).Calls)
                {
                    if ((!nestedOnly || call.InNestedRoot) && !reach.ContainsKey(call.Callee))
                    {
                        var entry = new Reach(root, ImmutableArray.Create(root, call.Callee));
                        reach.Add(call.Callee, entry);
                        queue.Enqueue(entry);
                    }
                }
            }

            while (queue.Count > 0)
            {
                var current = queue.Dequeue();
                if (current.Path.Length > MaxDepth)
                {
                    continue;
                }

                foreach (var call in GetSummary(current.Path[current.Path.Length - 1]).Calls)
                {
                    if (!reach.ContainsKey(call.Callee))
                    {
                        var entry = new Reach(current.Root, current.Path.Add(call.Callee));
                        reach.Add(call.Callee, entry);
                        queue.Enqueue(entry);
                    }
                }
            }

            return reach.ToImmutableDictionary(SymbolEqualityComparer.Default);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ImmutableDictionary<IMethodSymbol, Reach>.Empty;
        }
    }

    /// <summary>
    /// Every orchestration method, then every member holding a lambda or local function that takes a
    /// context (<c>nestedOnly</c>), in source order so messages name the same root on every build.
    /// </summary>
    private List<(IMethodSymbol Root, bool NestedOnly)> FindRoots()
    {
        var roots = new List<(IMethodSymbol, bool)>();
        var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var hasGlobalUsing = false;
        foreach (var tree in _compilation.SyntaxTrees)
        {
            if (tree.GetRoot() is CompilationUnitSyntax unit && unit.Usings.Any(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) && u.Name?.ToString() == "WorkflowSdk"))
            {
                hasGlobalUsing = true;
            }
        }

        foreach (var tree in _compilation.SyntaxTrees)
        {
            if (IsGenerated(tree))
            {
                continue;
            }

            var root = tree.GetRoot();
            var mentionsSdk = hasGlobalUsing || root.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText is "WorkflowSdk" or "OrchestrationContext");
            if (!mentionsSdk)
            {
                continue;
            }

#pragma warning disable RS1030 // The call graph must see bodies in other trees; the driver's model cache serves this call.
            var semanticModel = _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
            foreach (var node in root.DescendantNodes())
            {
                switch (node)
                {
                    case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax:
                        if (semanticModel.GetDeclaredSymbol(node) is IMethodSymbol method && IsRoot(Normalize(method)) && seen.Add(Normalize(method)))
                        {
                            roots.Add((Normalize(method), false));
                        }

                        break;
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax when MayTakeContext(node):
                        if (EnclosingMember(semanticModel, node) is { } member && seen.Add(member))
                        {
                            roots.Add((member, true));
                        }

                        break;
                }
            }
        }

        return roots;
    }

    private static bool MayTakeContext(SyntaxNode function)
    {
        var parameters = function switch
        {
            ParenthesizedLambdaExpressionSyntax lambda => lambda.ParameterList.Parameters,
            SimpleLambdaExpressionSyntax simple => SyntaxFactory.SingletonSeparatedList(simple.Parameter),
            AnonymousMethodExpressionSyntax anonymous => anonymous.ParameterList?.Parameters ?? default,
            LocalFunctionStatementSyntax local => local.ParameterList.Parameters,
            _ => default,
        };

        // Implicitly typed parameters may be inferred as OrchestrationContext; explicit ones must name it.
        return parameters.Any(p => p.Type is null || p.Type.ToString().EndsWith("OrchestrationContext", StringComparison.Ordinal));
    }

    private static IMethodSymbol? EnclosingMember(SemanticModel semanticModel, SyntaxNode node)
    {
        // Walk up the syntax to the member and ask for its declared symbol: unlike GetEnclosingSymbol, this does
        // not bind the member's body.
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax:
                    return semanticModel.GetDeclaredSymbol(current) is IMethodSymbol method ? Normalize(method) : null;
                case ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax property }:
                    return (semanticModel.GetDeclaredSymbol(property) as IPropertySymbol)?.GetMethod is { } getter ? Normalize(getter) : null;
                case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit }:
                    return semanticModel.GetDeclaredSymbol(unit) is IMethodSymbol main ? Normalize(main) : null;
                case BaseFieldDeclarationSyntax or BasePropertyDeclarationSyntax or BaseTypeDeclarationSyntax:
                    // Initializers: fall back to the binder below.
                    current = null!;
                    break;
            }

            if (current is null)
            {
                break;
            }
        }

        var symbol = semanticModel.GetEnclosingSymbol(node.SpanStart);
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol is IMethodSymbol member ? Normalize(member) : null;
    }

    private MemberSummary Summarize(IMethodSymbol method)
    {
        try
        {
            var walker = new BodyWalker(this, _dispatch);
            var walked = false;
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var node = reference.GetSyntax();
                if (!HasBody(node))
                {
                    continue;
                }

#pragma warning disable RS1030 // See FindRoots: bodies of callees live in other trees.
                var semanticModel = _compilation.GetSemanticModel(node.SyntaxTree);
#pragma warning restore RS1030
                if (semanticModel.GetOperation(node) is { } body)
                {
                    walker.WalkMember(body, method);
                    walked = true;
                }
            }

            if (method.MethodKind == MethodKind.Constructor && !method.IsStatic && !ChainsToThis(method))
            {
                // `new Order()` also runs the field and property initializers.
                foreach (var initializer in InstanceInitializers(method.ContainingType))
                {
#pragma warning disable RS1030 // See FindRoots.
                    var semanticModel = _compilation.GetSemanticModel(initializer.SyntaxTree);
#pragma warning restore RS1030
                    if (semanticModel.GetOperation(initializer) is { } operation)
                    {
                        walker.WalkMember(operation, method);
                        walked = true;
                    }
                }
            }

            return walked ? walker.ToSummary() : MemberSummary.Empty;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Broken code must never crash the build (AD0001); a member we cannot read has no findings.
            return MemberSummary.Empty;
        }
    }

    private static bool HasBody(SyntaxNode node) => node switch
    {
        BaseMethodDeclarationSyntax method => method.Body is not null || method.ExpressionBody is not null,
        AccessorDeclarationSyntax accessor => accessor.Body is not null || accessor.ExpressionBody is not null,
        ArrowExpressionClauseSyntax => true,
        CompilationUnitSyntax => true,
        _ => false,
    };

    private static bool ChainsToThis(IMethodSymbol constructor) =>
        constructor.DeclaringSyntaxReferences.Any(r =>
            r.GetSyntax() is ConstructorDeclarationSyntax { Initializer: { } initializer } && initializer.IsKind(SyntaxKind.ThisConstructorInitializer));

    private static IEnumerable<SyntaxNode> InstanceInitializers(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member.IsStatic || member is not (IFieldSymbol or IPropertySymbol))
            {
                continue;
            }

            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                switch (reference.GetSyntax())
                {
                    case VariableDeclaratorSyntax { Initializer: { } initializer }:
                        yield return initializer;
                        break;
                    case PropertyDeclarationSyntax { Initializer: { } initializer }:
                        yield return initializer;
                        break;
                }
            }
        }
    }

    private bool IsGenerated(IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (IsGenerated(reference.SyntaxTree))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsGenerated(SyntaxTree tree) => _generated.GetOrAdd(tree, static t => GeneratedCode.IsGenerated(t));

    private sealed class Holder
    {
        public Holder(OrchestrationModel? model) => Model = model;

        public OrchestrationModel? Model { get; }
    }
}

/// <summary>The usual markers of generated code (file names and the auto-generated header).</summary>
internal static class GeneratedCode
{
    public static bool IsGenerated(SyntaxTree tree)
    {
        var path = tree.FilePath ?? string.Empty;
        if (path.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".g.i.cs", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".generated.cs", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".designer.cs", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var trivia in tree.GetRoot().GetLeadingTrivia())
        {
            if ((trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia))
                && (trivia.ToString().IndexOf("<auto-generated", StringComparison.OrdinalIgnoreCase) >= 0
                    || trivia.ToString().IndexOf("<autogenerated", StringComparison.OrdinalIgnoreCase) >= 0))
            {
                return true;
            }
        }

        return false;
    }
}
