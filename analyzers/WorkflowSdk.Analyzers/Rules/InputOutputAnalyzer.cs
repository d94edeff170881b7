using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WorkflowSdk.Analyzers.Infrastructure;

namespace WorkflowSdk.Analyzers.Rules;

/// <summary>
/// WF0008: I/O and the environment: files and directories, HTTP, sockets, DNS, databases, processes,
/// console input, environment variables and machine facts.
/// </summary>
/// <remarks>
/// Only operations are flagged (a call, a read of a machine fact, opening a file): holding an injected
/// <c>HttpClient</c> in a field is fine; calling it from orchestration code is not.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InputOutputAnalyzer : OrchestrationAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.InputOutput,
        title: "Move I/O and environment reads into an activity",
        messageFormat: RuleText.MessageFormat,
        category: RuleText.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "I/O in orchestration code runs again on every replay (duplicated side effects) and can answer differently each time (files change, services fail, workers differ). Move it into an activity: its result is recorded in history and replayed.",
        helpLinkUri: RuleText.HelpLink(RuleIdentifiers.InputOutput));

    internal static readonly OrchestrationRule Detector = new Detection();

    private static readonly ImmutableHashSet<string> s_environmentMethods = ImmutableHashSet.Create(
        "GetEnvironmentVariable", "GetEnvironmentVariables", "SetEnvironmentVariable", "ExpandEnvironmentVariables",
        "GetCommandLineArgs", "GetFolderPath", "GetLogicalDrives");

    private static readonly ImmutableHashSet<string> s_environmentProperties = ImmutableHashSet.Create(
        "MachineName", "UserName", "UserDomainName", "ProcessorCount", "CurrentDirectory", "ProcessId", "ProcessPath",
        "CommandLine", "OSVersion", "SystemDirectory", "WorkingSet", "CurrentManagedThreadId", "SystemPageSize", "UserInteractive");

    private static readonly ImmutableHashSet<string> s_harmless = ImmutableHashSet.Create(
        "Dispose", "DisposeAsync", "ToString", "GetHashCode", "Equals", "GetType");

    /// <summary>Creates the analyzer.</summary>
    public InputOutputAnalyzer()
        : base(Detector)
    {
    }

    private sealed class Detection : OrchestrationRule
    {
        public Detection()
            : base(Rule, OperationKind.Invocation, OperationKind.PropertyReference, OperationKind.ObjectCreation)
        {
        }

        public override void Inspect(IOperation operation, WalkContext context)
        {
            var symbols = context.Symbols;
            switch (operation)
            {
                case IInvocationOperation { TargetMethod: var method }:
                    var containing = method.ContainingType;
                    if (s_harmless.Contains(method.Name))
                    {
                        return;
                    }

                    if (symbols.IsInputOutputType(containing)
                        || (method.IsExtensionMethod && method.Parameters.Length > 0 && symbols.IsInputOutputType(method.Parameters[0].Type)))
                    {
                        context.Report(this, operation, $"calls {Name(method)}, which does I/O that repeats (or answers differently) on every replay");
                    }
                    else if (KnownSymbols.Is(containing, symbols.Console) && method.Name is "ReadLine" or "Read" or "ReadKey" or "OpenStandardInput")
                    {
                        context.Report(this, operation, $"calls Console.{method.Name}, which reads input that differs on every replay");
                    }
                    else if (KnownSymbols.Is(containing, symbols.Environment) && s_environmentMethods.Contains(method.Name))
                    {
                        context.Report(this, operation, $"calls Environment.{method.Name}, which differs between workers and over time");
                    }
                    else if (KnownSymbols.Is(containing, symbols.Path) && method.Name is "GetTempPath" or "GetTempFileName" or "GetRandomFileName"
                        || KnownSymbols.Is(containing, symbols.Path) && method.Name == "GetFullPath" && method.Parameters.Length == 1)
                    {
                        context.Report(this, operation, $"calls Path.{method.Name}, which depends on the worker's file system");
                    }

                    break;

                case IPropertyReferenceOperation { Property: var property }:
                    var owner = property.ContainingType;
                    if (property.IsStatic && KnownSymbols.Is(owner, symbols.Environment) && s_environmentProperties.Contains(property.Name))
                    {
                        context.Report(this, operation, $"reads Environment.{property.Name}, which differs between workers");
                    }
                    else if (property.IsStatic && KnownSymbols.Is(owner, symbols.Console) && property.Name is "In" or "KeyAvailable")
                    {
                        context.Report(this, operation, $"reads Console.{property.Name}, which reads input that differs on every replay");
                    }
                    else if (IsFileSystemOrProcess(owner))
                    {
                        context.Report(this, operation, $"reads {owner!.Name}.{property.Name}, which does I/O that answers differently over time");
                    }

                    break;

                case IObjectCreationOperation { Type: { } type } creation:
                    var name = type.ToDisplayString();
                    var opensPath = name is "System.IO.StreamReader" or "System.IO.StreamWriter"
                        && creation.Constructor is { Parameters.Length: > 0 } constructor
                        && constructor.Parameters[0].Type.SpecialType == SpecialType.System_String;
                    if (opensPath || name is "System.IO.FileStream" or "System.IO.FileSystemWatcher"
                        || (name == "System.Net.Sockets.TcpClient" && creation.Arguments.Length > 0))
                    {
                        context.Report(this, operation, $"creates a {type.Name}, which does I/O that repeats on every replay");
                    }

                    break;
            }
        }

        private static string Name(IMethodSymbol method) => method.ContainingType.Name + "." + method.Name;

        private static bool IsFileSystemOrProcess(INamedTypeSymbol? type)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current.ToDisplayString() is "System.IO.FileSystemInfo" or "System.IO.DriveInfo" or "System.Diagnostics.Process")
                {
                    return true;
                }
            }

            return false;
        }
    }
}
