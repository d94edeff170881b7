using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using WorkflowSdk.Analyzers.Rules;

namespace WorkflowSdk.Analyzers.CodeFixes;

/// <summary>
/// WF0001: <c>DateTime.UtcNow</c> and <c>DateTime.Now</c> become <c>context.CurrentUtcDateTime</c>,
/// <c>DateTime.Today</c> becomes <c>context.CurrentUtcDateTime.Date</c>, <c>DateTimeOffset.UtcNow/Now</c> become
/// <c>new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero)</c>.
/// </summary>
/// <remarks>
/// <c>DateTime.Now</c> is the worker's local time; the fix deliberately gives UTC (a worker's time zone is itself
/// nondeterministic, see WF0012). Code that needs a user's local time converts with an explicit
/// <c>TimeZoneInfo.FindSystemTimeZoneById(...)</c>. The fix title says so.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SystemClockCodeFixProvider)), Shared]
public sealed class SystemClockCodeFixProvider : OrchestrationCodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.SystemClock);

    private protected override string Title(FixRequest request) => request.Fix switch
    {
        SystemClockAnalyzer.FixToday => $"Use {request.ContextName}.CurrentUtcDateTime.Date (UTC date)",
        SystemClockAnalyzer.FixDateTimeOffset => $"Use {request.ContextName}.CurrentUtcDateTime (as a UTC DateTimeOffset)",
        _ => request.Node.ToString().EndsWith("Now", System.StringComparison.Ordinal) && !request.Node.ToString().EndsWith("UtcNow", System.StringComparison.Ordinal)
            ? $"Use {request.ContextName}.CurrentUtcDateTime (UTC, not local time)"
            : $"Use {request.ContextName}.CurrentUtcDateTime",
    };

    private protected override SyntaxNode? CreateReplacement(FixRequest request)
    {
        if (request.ContextName is null)
        {
            return null;
        }

        return request.Fix switch
        {
            SystemClockAnalyzer.FixCurrentUtcDateTime => Parse($"{request.ContextName}.CurrentUtcDateTime"),
            SystemClockAnalyzer.FixToday => Parse($"{request.ContextName}.CurrentUtcDateTime.Date"),
            SystemClockAnalyzer.FixDateTimeOffset => Parse($"new {TypeName(request, "System.DateTimeOffset")}({request.ContextName}.CurrentUtcDateTime, {TypeName(request, "System.TimeSpan")}.Zero)"),
            _ => null,
        };
    }
}
