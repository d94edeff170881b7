using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace WorkflowSdk.Conformance;

/// <summary>Keeps every log message written, by category, for assertions.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

    /// <summary>The messages written to <paramref name="category"/>, in order.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The messages.</returns>
    public IReadOnlyList<string> Messages(string category) =>
        _entries.Where(e => e.Category == category).Select(e => e.Message).ToList();

    /// <summary>All entries at or above <paramref name="level"/>.</summary>
    /// <param name="level">The minimum level.</param>
    /// <returns>The entries.</returns>
    public IReadOnlyList<(string Category, LogLevel Level, string Message)> AtLeast(LogLevel level) =>
        _entries.Where(e => e.Level >= level).ToList();

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
