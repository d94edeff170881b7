using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WorkflowSdk.Analyzers.Infrastructure;

/// <summary>Recognizes calls that write log or console output.</summary>
internal static class LoggingCalls
{
    /// <summary>
    /// Whether <paramref name="invocation"/> writes a log entry or console output. <paramref name="logger"/> is the
    /// logger it writes through (<see langword="null"/> for the console).
    /// </summary>
    public static bool IsLoggingCall(IInvocationOperation invocation, KnownSymbols symbols, out IOperation? logger)
    {
        logger = null;
        var method = invocation.TargetMethod;
        if (symbols.ILogger is not null)
        {
            if (method.Name == "Log" && invocation.Instance is { } instance && symbols.IsLogger(instance.Type))
            {
                logger = instance;
                return true;
            }

            if (method.IsExtensionMethod && KnownSymbols.Is(method.ContainingType, symbols.LoggerExtensions)
                && method.Name.StartsWith("Log", System.StringComparison.Ordinal) && invocation.Arguments.Length > 0)
            {
                logger = FirstLoggerArgument(invocation, symbols);
                return logger is not null;
            }

            if (method.IsStatic && HasLoggerMessageAttribute(method))
            {
                logger = FirstLoggerArgument(invocation, symbols);
                return logger is not null;
            }
        }

        if (symbols.Console is not null && method.Name is "Write" or "WriteLine")
        {
            if (KnownSymbols.Is(method.ContainingType, symbols.Console))
            {
                return true;
            }

            if (invocation.Instance is IPropertyReferenceOperation { Property.Name: "Out" or "Error" } writer
                && KnownSymbols.Is(writer.Property.ContainingType, symbols.Console))
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation? FirstLoggerArgument(IInvocationOperation invocation, KnownSymbols symbols)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && symbols.IsLogger(parameter.Type))
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static bool HasLoggerMessageAttribute(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "LoggerMessageAttribute")
            {
                return true;
            }
        }

        return false;
    }
}
