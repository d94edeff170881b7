using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace WorkflowSdk.Analyzers.Infrastructure;

/// <summary>
/// The types the rules key on, resolved once per compilation. A type the compilation does not
/// reference is <see langword="null"/>, and the checks that need it simply never match.
/// </summary>
internal sealed class KnownSymbols
{
    public KnownSymbols(Compilation compilation)
    {
        INamedTypeSymbol? Get(string metadataName) => compilation.GetTypeByMetadataName(metadataName);

        OrchestrationAttribute = Get("WorkflowSdk.OrchestrationAttribute");
        ActivityAttribute = Get("WorkflowSdk.ActivityAttribute");
        OrchestrationContext = Get("WorkflowSdk.OrchestrationContext");
        ActivityContext = Get("WorkflowSdk.ActivityContext");
        ActivityCalls = Get("WorkflowSdk.ActivityCalls");
        SubOrchestrationCalls = Get("WorkflowSdk.SubOrchestrationCalls");
        ExternalEventWaits = Get("WorkflowSdk.ExternalEventWaits");

        DateTime = compilation.GetSpecialType(SpecialType.System_DateTime);
        DateTimeOffset = Get("System.DateTimeOffset");
        TimeProvider = Get("System.TimeProvider");
        Stopwatch = Get("System.Diagnostics.Stopwatch");
        Environment = Get("System.Environment");
        Guid = Get("System.Guid");
        Random = Get("System.Random");
        RandomNumberGenerator = Get("System.Security.Cryptography.RandomNumberGenerator");
        String = compilation.GetSpecialType(SpecialType.System_String);
        Object = compilation.GetSpecialType(SpecialType.System_Object);

        Task = Get("System.Threading.Tasks.Task");
        TaskOfT = Get("System.Threading.Tasks.Task`1");
        ValueTask = Get("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = Get("System.Threading.Tasks.ValueTask`1");
        TaskFactory = Get("System.Threading.Tasks.TaskFactory");
        TaskFactoryOfT = Get("System.Threading.Tasks.TaskFactory`1");
        TaskAsyncEnumerableExtensions = Get("System.Threading.Tasks.TaskAsyncEnumerableExtensions");
        Parallel = Get("System.Threading.Tasks.Parallel");
        Thread = Get("System.Threading.Thread");
        ThreadPool = Get("System.Threading.ThreadPool");
        SpinWait = Get("System.Threading.SpinWait");
        ThreadingTimer = Get("System.Threading.Timer");
        TimersTimer = Get("System.Timers.Timer");
        PeriodicTimer = Get("System.Threading.PeriodicTimer");
        CancellationTokenSource = Get("System.Threading.CancellationTokenSource");
        SemaphoreSlim = Get("System.Threading.SemaphoreSlim");
        TimeSpan = Get("System.TimeSpan");
        TaskAwaiter = Get("System.Runtime.CompilerServices.TaskAwaiter");
        TaskAwaiterOfT = Get("System.Runtime.CompilerServices.TaskAwaiter`1");
        ValueTaskAwaiter = Get("System.Runtime.CompilerServices.ValueTaskAwaiter");
        ValueTaskAwaiterOfT = Get("System.Runtime.CompilerServices.ValueTaskAwaiter`1");
        AsyncLocal = Get("System.Threading.AsyncLocal`1");

        Console = Get("System.Console");
        Process = Get("System.Diagnostics.Process");
        Path = Get("System.IO.Path");

        TimeZoneInfo = Get("System.TimeZoneInfo");
        CultureInfo = Get("System.Globalization.CultureInfo");
        IFormatProvider = Get("System.IFormatProvider");
        HashCode = Get("System.HashCode");
        ConcurrentDictionary = Get("System.Collections.Concurrent.ConcurrentDictionary`2");
        Hashtable = Get("System.Collections.Hashtable");
        ImmutableDictionary = Get("System.Collections.Immutable.ImmutableDictionary`2");
        ImmutableHashSet = Get("System.Collections.Immutable.ImmutableHashSet`1");
        Enumerable = Get("System.Linq.Enumerable");

        ILogger = Get("Microsoft.Extensions.Logging.ILogger");
        ILoggerOfT = Get("Microsoft.Extensions.Logging.ILogger`1");
        LoggerExtensions = Get("Microsoft.Extensions.Logging.LoggerExtensions");
        IConfiguration = Get("Microsoft.Extensions.Configuration.IConfiguration");
        IOptionsMonitor = Get("Microsoft.Extensions.Options.IOptionsMonitor`1");
        IOptionsSnapshot = Get("Microsoft.Extensions.Options.IOptionsSnapshot`1");

        var io = System.Collections.Immutable.ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var name in new[]
        {
            "System.IO.File", "System.IO.Directory", "System.IO.FileSystemInfo", "System.IO.DriveInfo",
            "System.IO.FileStream", "System.IO.FileSystemWatcher", "System.IO.RandomAccess",
            "System.Net.Http.HttpMessageInvoker", "System.Net.WebClient", "System.Net.WebRequest", "System.Net.Dns",
            "System.Net.Sockets.Socket", "System.Net.Sockets.TcpClient", "System.Net.Sockets.TcpListener",
            "System.Net.Sockets.UdpClient", "System.Net.Sockets.NetworkStream", "System.Net.NetworkInformation.Ping",
            "System.Data.Common.DbConnection", "System.Data.Common.DbCommand", "System.Data.Common.DbDataReader",
            "System.Data.Common.DbDataAdapter", "System.Data.Common.DbTransaction",
            "System.Data.IDbConnection", "System.Data.IDbCommand", "System.Data.IDataReader",
            "System.Diagnostics.Process",
        })
        {
            if (Get(name) is { } type)
            {
                io.Add(type);
            }
        }

        InputOutputTypes = io.ToImmutable();
    }

    public INamedTypeSymbol? OrchestrationAttribute { get; }
    public INamedTypeSymbol? ActivityAttribute { get; }
    public INamedTypeSymbol? OrchestrationContext { get; }

    /// <summary><c>context.Activities</c>: what the generated typed activity proxies extend.</summary>
    public INamedTypeSymbol? ActivityCalls { get; }

    /// <summary><c>context.SubOrchestrations</c>: what the generated typed sub-orchestration proxies extend.</summary>
    public INamedTypeSymbol? SubOrchestrationCalls { get; }

    /// <summary><c>context.Events</c>: what the generated typed event waits extend.</summary>
    public INamedTypeSymbol? ExternalEventWaits { get; }

    public INamedTypeSymbol? ActivityContext { get; }

    public INamedTypeSymbol DateTime { get; }
    public INamedTypeSymbol? DateTimeOffset { get; }
    public INamedTypeSymbol? TimeProvider { get; }
    public INamedTypeSymbol? Stopwatch { get; }
    public INamedTypeSymbol? Environment { get; }
    public INamedTypeSymbol? Guid { get; }
    public INamedTypeSymbol? Random { get; }
    public INamedTypeSymbol? RandomNumberGenerator { get; }
    public INamedTypeSymbol String { get; }
    public INamedTypeSymbol Object { get; }

    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? TaskOfT { get; }
    public INamedTypeSymbol? ValueTask { get; }
    public INamedTypeSymbol? ValueTaskOfT { get; }
    public INamedTypeSymbol? TaskFactory { get; }
    public INamedTypeSymbol? TaskFactoryOfT { get; }
    public INamedTypeSymbol? TaskAsyncEnumerableExtensions { get; }
    public INamedTypeSymbol? Parallel { get; }
    public INamedTypeSymbol? Thread { get; }
    public INamedTypeSymbol? ThreadPool { get; }
    public INamedTypeSymbol? SpinWait { get; }
    public INamedTypeSymbol? ThreadingTimer { get; }
    public INamedTypeSymbol? TimersTimer { get; }
    public INamedTypeSymbol? PeriodicTimer { get; }
    public INamedTypeSymbol? CancellationTokenSource { get; }
    public INamedTypeSymbol? SemaphoreSlim { get; }
    public INamedTypeSymbol? TimeSpan { get; }
    public INamedTypeSymbol? TaskAwaiter { get; }
    public INamedTypeSymbol? TaskAwaiterOfT { get; }
    public INamedTypeSymbol? ValueTaskAwaiter { get; }
    public INamedTypeSymbol? ValueTaskAwaiterOfT { get; }
    public INamedTypeSymbol? AsyncLocal { get; }

    public INamedTypeSymbol? Console { get; }
    public INamedTypeSymbol? Process { get; }
    public INamedTypeSymbol? Path { get; }

    public INamedTypeSymbol? TimeZoneInfo { get; }
    public INamedTypeSymbol? CultureInfo { get; }
    public INamedTypeSymbol? IFormatProvider { get; }
    public INamedTypeSymbol? HashCode { get; }
    public INamedTypeSymbol? ConcurrentDictionary { get; }
    public INamedTypeSymbol? Hashtable { get; }
    public INamedTypeSymbol? ImmutableDictionary { get; }
    public INamedTypeSymbol? ImmutableHashSet { get; }
    public INamedTypeSymbol? Enumerable { get; }

    public INamedTypeSymbol? ILogger { get; }
    public INamedTypeSymbol? ILoggerOfT { get; }
    public INamedTypeSymbol? LoggerExtensions { get; }
    public INamedTypeSymbol? IConfiguration { get; }
    public INamedTypeSymbol? IOptionsMonitor { get; }
    public INamedTypeSymbol? IOptionsSnapshot { get; }

    /// <summary>Types whose members do I/O (files, network, databases, processes), base types included.</summary>
    public ImmutableHashSet<INamedTypeSymbol> InputOutputTypes { get; }

    /// <summary>Whether <paramref name="type"/> is <paramref name="expected"/> (generic definitions compared).</summary>
    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
        type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

    /// <summary>Whether <paramref name="type"/> is or derives from <paramref name="expected"/>.</summary>
    public static bool IsOrDerives(ITypeSymbol? type, INamedTypeSymbol? expected)
    {
        if (expected is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, expected))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> is, derives from or implements <paramref name="expected"/>.</summary>
    public static bool IsOrImplements(ITypeSymbol? type, INamedTypeSymbol? expected)
    {
        if (type is null || expected is null)
        {
            return false;
        }

        if (IsOrDerives(type, expected))
        {
            return true;
        }

        foreach (var item in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(item.OriginalDefinition, expected))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsOrchestrationContext(ITypeSymbol? type) => IsOrDerives(type, OrchestrationContext);

    public bool IsActivityContext(ITypeSymbol? type) => IsOrDerives(type, ActivityContext);

    /// <summary>
    /// Whether <paramref name="method"/> schedules through the orchestration context: it takes an
    /// <c>OrchestrationContext</c>, or it is a (generated) proxy taking <c>context.Activities</c> or
    /// <c>context.SubOrchestrations</c> (or a generated event wait taking <c>context.Events</c>). The tasks such
    /// methods return are durable.
    /// </summary>
    public bool SchedulesThroughContext(IMethodSymbol method)
    {
        if (FindContextParameter(method) is not null)
        {
            return true;
        }

        foreach (var parameter in method.Parameters)
        {
            if (Is(parameter.Type, ActivityCalls) || Is(parameter.Type, SubOrchestrationCalls) || Is(parameter.Type, ExternalEventWaits))
            {
                return true;
            }
        }

        return Is(method.ContainingType, ActivityCalls) || Is(method.ContainingType, SubOrchestrationCalls) || Is(method.ContainingType, ExternalEventWaits);
    }

    public bool IsAnyTask(ITypeSymbol? type) =>
        Is(type, Task) || Is(type, TaskOfT) || Is(type, ValueTask) || Is(type, ValueTaskOfT);

    public bool IsLogger(ITypeSymbol? type) => IsOrImplements(type, ILogger);

    public bool IsInputOutputType(ITypeSymbol? type)
    {
        if (type is null || InputOutputTypes.IsEmpty)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.OriginalDefinition is INamedTypeSymbol named && InputOutputTypes.Contains(named))
            {
                return true;
            }
        }

        foreach (var item in type.AllInterfaces)
        {
            if (InputOutputTypes.Contains(item.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first parameter of <paramref name="method"/> whose type is an orchestration context.</summary>
    public IParameterSymbol? FindContextParameter(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (IsOrchestrationContext(parameter.Type))
            {
                return parameter;
            }
        }

        return null;
    }

    public bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
        {
            return false;
        }

        foreach (var data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An activity: <c>[Activity]</c> or an <c>ActivityContext</c> parameter. Never orchestration code.</summary>
    public bool IsActivity(IMethodSymbol method)
    {
        if (HasAttribute(method, ActivityAttribute))
        {
            return true;
        }

        foreach (var parameter in method.Parameters)
        {
            if (IsActivityContext(parameter.Type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An orchestration entry point or context-taking method/lambda (and not an activity).</summary>
    public bool IsOrchestrationRoot(IMethodSymbol method) =>
        !IsActivity(method) && (HasAttribute(method, OrchestrationAttribute) || FindContextParameter(method) is not null);
}
