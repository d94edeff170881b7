using System.Text;

namespace WorkflowSdk;

/// <summary>
/// A failure that crossed a process boundary: an activity's or orchestration's exception, kept as
/// data (type name, message, stack trace and the whole inner-exception chain) because the exception
/// object itself cannot be trusted to deserialize on another machine.
/// </summary>
/// <param name="ErrorType">The full type name of the original exception, e.g. <c>System.InvalidOperationException</c>.</param>
/// <param name="Message">The original exception's message.</param>
/// <param name="StackTrace">The original stack trace, when there was one.</param>
/// <param name="InnerFailure">The original inner exception, recursively.</param>
/// <param name="IsNonRetriable">
/// <see langword="true"/> when retrying cannot help (for example the activity name is unknown to
/// every worker); <see cref="RetryOptions"/> then stops at once.
/// </param>
public sealed record FailureDetails(
    string ErrorType,
    string Message,
    string? StackTrace = null,
    FailureDetails? InnerFailure = null,
    bool IsNonRetriable = false)
{
    private const int MaxInnerDepth = 16;

    /// <summary>
    /// The full names of the original exception type's base types, nearest first, up to <see cref="Exception"/>
    /// (e.g. <c>System.SystemException</c>, <c>System.Exception</c> for an <c>InvalidOperationException</c>); empty when
    /// unknown (failures recorded before base types were). Recorded so that <see cref="IsCausedBy{TException}"/> matches
    /// base types in any process, whether or not the original type can be loaded there.
    /// </summary>
    public IReadOnlyList<string> BaseTypes { get; init; } = [];

    /// <summary>Captures an exception and its inner-exception chain.</summary>
    /// <param name="exception">The exception to capture.</param>
    /// <returns>The failure details.</returns>
    public static FailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return FromException(exception, depth: 0);
    }

    private static FailureDetails FromException(Exception exception, int depth)
    {
        if (exception is RemoteFailureException remote)
        {
            // Already a failure from elsewhere (an activity's, a sub-orchestration's): keep its original types.
            return remote.FailureDetails;
        }

        var nonRetriable = exception is INonRetriableFailure;
        // The wire format bounds nesting; an inner chain deeper than that is cut off, not lost silently.
        var inner = exception.InnerException is null ? null
            : depth >= MaxInnerDepth ? new FailureDetails("WorkflowSdk.TruncatedFailure", "Further inner exceptions were omitted.")
            : FromException(exception.InnerException, depth + 1);
        return new FailureDetails(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            inner,
            nonRetriable)
        {
            BaseTypes = BaseTypeNames(exception.GetType()),
        };
    }

    private static string[] BaseTypeNames(Type type)
    {
        var names = new List<string>();
        for (var current = type.BaseType; current is not null && current != typeof(object); current = current.BaseType)
        {
            names.Add(current.FullName ?? current.Name);
        }

        return [.. names];
    }

    /// <summary>
    /// Whether the original exception, or one in its inner chain, was of type <typeparamref name="TException"/> or of a
    /// type derived from it (so <c>IsCausedBy&lt;Exception&gt;()</c> is true for every failure). Compared by full type
    /// name against the recorded type and its recorded <see cref="BaseTypes"/>: the failure may come from a process where
    /// other types are loaded.
    /// </summary>
    /// <typeparam name="TException">The exception type to look for.</typeparam>
    /// <returns><see langword="true"/> when a failure in the chain is, or derives from, that type.</returns>
    public bool IsCausedBy<TException>()
        where TException : Exception
    {
        var wanted = typeof(TException).FullName;
        for (var failure = this; failure is not null; failure = failure.InnerFailure)
        {
            if (string.Equals(failure.ErrorType, wanted, StringComparison.Ordinal)
                || wanted == typeof(Exception).FullName
                || failure.BaseTypes.Contains(wanted, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Equal when every field is, base types compared element by element.</summary>
    /// <param name="other">The other failure.</param>
    /// <returns>Whether the two describe the same failure.</returns>
    public bool Equals(FailureDetails? other) =>
        other is not null
        && ErrorType == other.ErrorType
        && Message == other.Message
        && StackTrace == other.StackTrace
        && IsNonRetriable == other.IsNonRetriable
        && BaseTypes.SequenceEqual(other.BaseTypes)
        && Equals(InnerFailure, other.InnerFailure);

    /// <summary>A hash of the type, message and inner chain.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() => HashCode.Combine(ErrorType, Message, StackTrace, IsNonRetriable, BaseTypes.Count, InnerFailure);

    /// <summary>The error type and message, followed by the inner failures.</summary>
    /// <returns>A readable one-paragraph description.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (var failure = this; failure is not null; failure = failure.InnerFailure)
        {
            if (text.Length > 0)
            {
                text.Append(" ---> ");
            }

            text.Append(failure.ErrorType).Append(": ").Append(failure.Message);
        }

        return text.ToString();
    }
}

/// <summary>
/// Marks an exception type as one that retrying cannot fix; <see cref="RetryOptions"/> gives up at once
/// when an activity or sub-orchestration fails with it.
/// </summary>
public interface INonRetriableFailure
{
}
