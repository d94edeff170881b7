using System.Diagnostics;

namespace WorkflowSdk.Testing;

/// <summary>
/// The one polling helper of the tests: asks a condition again and again (on the real clock) until it holds, and
/// throws a <see cref="TimeoutException"/> naming what was awaited and the last value seen when it never does.
/// Compiled into every test project from <c>tests/Shared/</c> (see <c>tests/Directory.Build.props</c>).
/// </summary>
internal static class Eventually
{
    /// <summary>How long a wait lasts unless told otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The pause between two looks unless told otherwise.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="condition"/> returns <see langword="true"/>.</summary>
    /// <param name="condition">Asked until it holds; its token is cancelled when the time is up.</param>
    /// <param name="what">What is awaited, for the timeout message ("the child is running").</param>
    /// <param name="timeout">How long to wait; <see cref="DefaultTimeout"/> when <see langword="null"/>.</param>
    /// <param name="interval">The pause between two looks; <see cref="DefaultInterval"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the wait (an <see cref="OperationCanceledException"/>, not a timeout).</param>
    /// <returns>A task that completes when the condition holds.</returns>
    public static Task Until(
        Func<CancellationToken, Task<bool>> condition,
        string what,
        TimeSpan? timeout = null,
        TimeSpan? interval = null,
        CancellationToken cancellationToken = default) =>
        Value(condition, static held => held, what, describe: null, timeout, interval, cancellationToken);

    /// <summary>Waits until <paramref name="condition"/> returns <see langword="true"/>.</summary>
    /// <param name="condition">Asked until it holds.</param>
    /// <param name="what">What is awaited, for the timeout message.</param>
    /// <param name="timeout">How long to wait; <see cref="DefaultTimeout"/> when <see langword="null"/>.</param>
    /// <param name="interval">The pause between two looks; <see cref="DefaultInterval"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>A task that completes when the condition holds.</returns>
    public static Task Until(
        Func<bool> condition,
        string what,
        TimeSpan? timeout = null,
        TimeSpan? interval = null,
        CancellationToken cancellationToken = default) =>
        Until(_ => Task.FromResult(condition()), what, timeout, interval, cancellationToken);

    /// <summary>
    /// Reads a value again and again until <paramref name="until"/> accepts it, and returns it. <paramref name="read"/>
    /// may throw to end the wait early (e.g. the instance finished without reaching the awaited state).
    /// </summary>
    /// <typeparam name="T">The value read.</typeparam>
    /// <param name="read">Reads the current value; its token is cancelled when the time is up.</param>
    /// <param name="until">Whether the value is the one awaited.</param>
    /// <param name="what">What is awaited, for the timeout message.</param>
    /// <param name="describe">How the last value is shown in the timeout message; its <c>ToString()</c> by default.</param>
    /// <param name="timeout">How long to wait; <see cref="DefaultTimeout"/> when <see langword="null"/>.</param>
    /// <param name="interval">The pause between two looks; <see cref="DefaultInterval"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The accepted value.</returns>
    public static async Task<T> Value<T>(
        Func<CancellationToken, Task<T>> read,
        Func<T, bool> until,
        string what,
        Func<T, string>? describe = null,
        TimeSpan? timeout = null,
        TimeSpan? interval = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(until);
        var limit = timeout ?? DefaultTimeout;
        var pause = interval ?? DefaultInterval;
        using var expiry = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        expiry.CancelAfter(limit);
        var elapsed = Stopwatch.StartNew();
        var looks = 0;
        var seen = false;
        T last = default!;
        try
        {
            while (true)
            {
                last = await read(expiry.Token).ConfigureAwait(false);
                seen = true;
                looks++;
                if (until(last))
                {
                    return last;
                }

                if (elapsed.Elapsed >= limit)
                {
                    break;
                }

                await Task.Delay(pause, expiry.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (expiry.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The time is up while reading or pausing.
        }

        var observed = !seen ? "nothing was read" : $"last seen: {(describe is null ? Show(last) : describe(last))}";
        throw new TimeoutException($"Timed out after {limit} ({looks} looks) waiting until {what}; {observed}.");
    }

    private static string Show<T>(T value) => value switch
    {
        null => "null",
        bool held => held ? "true" : "false (the condition did not hold)",
        _ => value.ToString() ?? "null",
    };
}
