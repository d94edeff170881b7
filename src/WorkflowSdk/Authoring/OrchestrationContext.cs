using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace WorkflowSdk;

/// <summary>
/// The orchestration's window on the durable world: the first parameter of every orchestration method.
/// Everything that must give the same answer on replay (time, GUIDs, delays, calls to other code)
/// goes through it.
/// </summary>
/// <remarks>
/// <para>Orchestration code is replayed: when an instance resumes on a worker that does not hold it in
/// memory, the method runs again from the start and every call below is answered from the recorded
/// history instead of being repeated. Code must therefore make the same calls in the same order on every
/// run; a divergence fails the instance with a <see cref="NonDeterminismException"/>.</para>
/// <para>Activities, timers, sub-orchestrations and sent events take task ids from one counter per execution,
/// starting at 0, in the order the code schedules them. Tasks returned here may be combined with
/// <see cref="Task.WhenAll(Task[])"/> and <see cref="Task.WhenAny(Task[])"/>; do not use
/// <c>ConfigureAwait(false)</c>, <see cref="Task.Run(Action)"/> or blocking waits in orchestration code.</para>
/// <para>The caller-information parameters (<c>callerMemberName</c>, <c>callerFilePath</c>,
/// <c>callerLineNumber</c>) are filled in by the compiler; they name the call site in history and in
/// non-determinism errors. Do not pass them.</para>
/// </remarks>
public abstract class OrchestrationContext
{
    /// <summary>The instance's id.</summary>
    public abstract string InstanceId { get; }

    /// <summary>The id of the current execution; <see cref="ContinueAsNew"/> starts a new one.</summary>
    public abstract string ExecutionId { get; }

    /// <summary>The orchestration's name.</summary>
    public abstract string Name { get; }

    /// <summary>The orchestration's version, or <see langword="null"/> when unversioned.</summary>
    public abstract string? Version { get; }

    /// <summary>The parent's instance id when this is a sub-orchestration; otherwise <see langword="null"/>.</summary>
    public abstract string? ParentInstanceId { get; }

    /// <summary>
    /// The current time as the orchestration sees it: the time the current episode started, recorded in history,
    /// so it is the same on every replay. Use it instead of <see cref="DateTime.UtcNow"/>.
    /// </summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary><see langword="true"/> exactly while the code runs over already-recorded history.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>Calls an activity and returns its result.</summary>
    /// <typeparam name="T">The activity's result type.</typeparam>
    /// <param name="name">The activity's name.</param>
    /// <param name="input">The activity's input (serialized by its runtime type); <see langword="null"/> for none.</param>
    /// <param name="retry">Automatic retries, or <see langword="null"/> for a single attempt.</param>
    /// <param name="callerMemberName">Filled in by the compiler.</param>
    /// <param name="callerFilePath">Filled in by the compiler.</param>
    /// <param name="callerLineNumber">Filled in by the compiler.</param>
    /// <returns>The activity's result.</returns>
    /// <exception cref="TaskFailedException">The activity failed (on its last attempt).</exception>
    public abstract Task<T> CallActivityAsync<T>(
        string name,
        object? input = null,
        RetryOptions? retry = null,
        [CallerMemberName] string callerMemberName = "",
        [CallerFilePath] string callerFilePath = "",
        [CallerLineNumber] int callerLineNumber = 0);

    /// <summary>Calls an activity whose result is not needed.</summary>
    /// <param name="name">The activity's name.</param>
    /// <param name="input">The activity's input; <see langword="null"/> for none.</param>
    /// <param name="retry">Automatic retries, or <see langword="null"/> for a single attempt.</param>
    /// <param name="callerMemberName">Filled in by the compiler.</param>
    /// <param name="callerFilePath">Filled in by the compiler.</param>
    /// <param name="callerLineNumber">Filled in by the compiler.</param>
    /// <returns>A task that completes when the activity has.</returns>
    /// <exception cref="TaskFailedException">The activity failed (on its last attempt).</exception>
    public abstract Task CallActivityAsync(
        string name,
        object? input = null,
        RetryOptions? retry = null,
        [CallerMemberName] string callerMemberName = "",
        [CallerFilePath] string callerFilePath = "",
        [CallerLineNumber] int callerLineNumber = 0);

    /// <summary>Starts a sub-orchestration and returns its result when it completes.</summary>
    /// <typeparam name="T">The sub-orchestration's result type.</typeparam>
    /// <param name="name">The sub-orchestration's name.</param>
    /// <param name="input">Its input; <see langword="null"/> for none.</param>
    /// <param name="instanceId">Its instance id; <see langword="null"/> derives one from this instance's id and the task id.</param>
    /// <param name="retry">Automatic retries (each attempt is a new instance unless <paramref name="instanceId"/> is given).</param>
    /// <param name="callerMemberName">Filled in by the compiler.</param>
    /// <param name="callerFilePath">Filled in by the compiler.</param>
    /// <param name="callerLineNumber">Filled in by the compiler.</param>
    /// <returns>The sub-orchestration's result.</returns>
    /// <exception cref="SubOrchestrationFailedException">The sub-orchestration failed or was terminated.</exception>
    public abstract Task<T> CallSubOrchestrationAsync<T>(
        string name,
        object? input = null,
        string? instanceId = null,
        RetryOptions? retry = null,
        [CallerMemberName] string callerMemberName = "",
        [CallerFilePath] string callerFilePath = "",
        [CallerLineNumber] int callerLineNumber = 0);

    /// <summary>Starts a sub-orchestration whose result is not needed and waits for it to complete.</summary>
    /// <param name="name">The sub-orchestration's name.</param>
    /// <param name="input">Its input; <see langword="null"/> for none.</param>
    /// <param name="instanceId">Its instance id; <see langword="null"/> derives one.</param>
    /// <param name="retry">Automatic retries.</param>
    /// <param name="callerMemberName">Filled in by the compiler.</param>
    /// <param name="callerFilePath">Filled in by the compiler.</param>
    /// <param name="callerLineNumber">Filled in by the compiler.</param>
    /// <returns>A task that completes when the sub-orchestration has.</returns>
    /// <exception cref="SubOrchestrationFailedException">The sub-orchestration failed or was terminated.</exception>
    public abstract Task CallSubOrchestrationAsync(
        string name,
        object? input = null,
        string? instanceId = null,
        RetryOptions? retry = null,
        [CallerMemberName] string callerMemberName = "",
        [CallerFilePath] string callerFilePath = "",
        [CallerLineNumber] int callerLineNumber = 0);

    /// <summary>The typed activity proxies the source generator emits: <c>await context.Activities.BookFlightAsync(dates)</c>.</summary>
    public ActivityCalls Activities => new(this);

    /// <summary>The typed sub-orchestration proxies the source generator emits: <c>await context.SubOrchestrations.ShipAsync(order)</c>.</summary>
    public SubOrchestrationCalls SubOrchestrations => new(this);

    /// <summary>
    /// The typed waits the source generator emits for events declared with <see cref="ExternalEventAttribute{TData}"/>:
    /// <c>await context.Events.WaitForApprovalAsync(TimeSpan.FromDays(3))</c>.
    /// </summary>
    public ExternalEventWaits Events => new(this);

    /// <summary>
    /// Calls an activity with a statically typed input and result: the low-level entry point of the generated
    /// activity proxies (prefer those: <c>context.Activities.XxxAsync(...)</c>).
    /// </summary>
    /// <typeparam name="TInput">The input's declared type; it is serialized as that type, without reflection over its runtime type.</typeparam>
    /// <typeparam name="TResult">The activity's result type.</typeparam>
    /// <param name="name">The activity's name.</param>
    /// <param name="input">The input; <see langword="null"/> for none. Several parameters travel as one value tuple.</param>
    /// <param name="retry">Automatic retries, or <see langword="null"/> for a single attempt.</param>
    /// <param name="cancellationToken">
    /// Stops waiting: the task becomes canceled and a result that arrives later is ignored (the activity itself may
    /// still run). Cancel it from orchestration code only (e.g. after a <see cref="Task.WhenAny(Task[])"/>), so that
    /// replay cancels at the same point.
    /// </param>
    /// <param name="callerMemberName">The orchestration member that made the call (generated proxies pass their caller's).</param>
    /// <param name="callerFilePath">The source file of the call.</param>
    /// <param name="callerLineNumber">The line of the call.</param>
    /// <returns>The activity's result.</returns>
    /// <exception cref="TaskFailedException">The activity failed (on its last attempt).</exception>
    /// <exception cref="NotSupportedException">A context that does not override this member was given a cancellable token.</exception>
    public virtual Task<TResult> InvokeActivityAsync<TInput, TResult>(
        string name,
        TInput input,
        RetryOptions? retry,
        CancellationToken cancellationToken,
        [CallerMemberName] string callerMemberName = "",
        [CallerFilePath] string callerFilePath = "",
        [CallerLineNumber] int callerLineNumber = 0)
    {
        ThrowIfCancellable(cancellationToken);
        return CallActivityAsync<TResult>(name, input, retry, callerMemberName, callerFilePath, callerLineNumber);
    }

    /// <summary>
    /// Calls an activity whose result is not needed, with a statically typed input: the low-level entry point of the
    /// generated proxies of activities returning <see cref="Task"/> or <see langword="void"/>.
    /// </summary>
    /// <typeparam name="TInput">The input's declared type.</typeparam>
    /// <param name="name">The activity's name.</param>
    /// <param name="input">The input; <see langword="null"/> for none.</param>
    /// <param name="retry">Automatic retries, or <see langword="null"/> for a single attempt.</param>
    /// <param name="cancellationToken">Stops waiting (see <see cref="InvokeActivityAsync{TInput, TResult}"/>).</param>
    /// <param name="callerMemberName">The orchestration member that made the call.</param>
    /// <param name="callerFilePath">The source file of the call.</param>
    /// <param name="callerLineNumber">The line of the call.</param>
    /// <returns>A task that completes when the activity has.</returns>
    /// <exception cref="TaskFailedException">The activity failed (on its last attempt).</exception>
    /// <exception cref="NotSupportedException">A context that does not override this member was given a cancellable token.</exception>
    public virtual Task InvokeActivityAsync<TInput>(
        string name,
        TInput input,
        RetryOptions? retry,
        CancellationToken cancellationToken,
        [CallerMemberName] string callerMemberName = "",
        [CallerFilePath] string callerFilePath = "",
        [CallerLineNumber] int callerLineNumber = 0)
    {
        ThrowIfCancellable(cancellationToken);
        return CallActivityAsync(name, input, retry, callerMemberName, callerFilePath, callerLineNumber);
    }

    /// <summary>
    /// Runs a sub-orchestration with a statically typed input and result: the low-level entry point of the generated
    /// sub-orchestration proxies (prefer those: <c>context.SubOrchestrations.XxxAsync(...)</c>).
    /// </summary>
    /// <typeparam name="TInput">The input's declared type.</typeparam>
    /// <typeparam name="TResult">The sub-orchestration's result type.</typeparam>
    /// <param name="name">The sub-orchestration's name.</param>
    /// <param name="version">The version to run; <see langword="null"/> for the worker's default version.</param>
    /// <param name="input">The input; <see langword="null"/> for none.</param>
    /// <param name="instanceId">Its instance id; <see langword="null"/> derives one from this instance's id and the task id.</param>
    /// <param name="retry">Automatic retries.</param>
    /// <param name="cancellationToken">
    /// Stops waiting: the task becomes canceled and the outcome is ignored; the sub-orchestration itself runs on.
    /// Cancel it from orchestration code only.
    /// </param>
    /// <param name="callerMemberName">The orchestration member that made the call.</param>
    /// <param name="callerFilePath">The source file of the call.</param>
    /// <param name="callerLineNumber">The line of the call.</param>
    /// <returns>The sub-orchestration's result.</returns>
    /// <exception cref="SubOrchestrationFailedException">The sub-orchestration failed or was terminated.</exception>
    /// <exception cref="NotSupportedException">A context that does not override this member was given a version or a cancellable token.</exception>
    public virtual Task<TResult> InvokeSubOrchestrationAsync<TInput, TResult>(
        string name,
        string? version,
        TInput input,
        string? instanceId,
        RetryOptions? retry,
        CancellationToken cancellationToken,
        [CallerMemberName] string callerMemberName = "",
        [CallerFilePath] string callerFilePath = "",
        [CallerLineNumber] int callerLineNumber = 0)
    {
        ThrowIfCancellable(cancellationToken);
        ThrowIfVersioned(version);
        return CallSubOrchestrationAsync<TResult>(name, input, instanceId, retry, callerMemberName, callerFilePath, callerLineNumber);
    }

    /// <summary>
    /// Runs a sub-orchestration whose result is not needed, with a statically typed input: the low-level entry point
    /// of the generated proxies of orchestrations returning <see cref="Task"/>.
    /// </summary>
    /// <typeparam name="TInput">The input's declared type.</typeparam>
    /// <param name="name">The sub-orchestration's name.</param>
    /// <param name="version">The version to run; <see langword="null"/> for the worker's default version.</param>
    /// <param name="input">The input; <see langword="null"/> for none.</param>
    /// <param name="instanceId">Its instance id; <see langword="null"/> derives one.</param>
    /// <param name="retry">Automatic retries.</param>
    /// <param name="cancellationToken">Stops waiting (see <see cref="InvokeSubOrchestrationAsync{TInput, TResult}"/>).</param>
    /// <param name="callerMemberName">The orchestration member that made the call.</param>
    /// <param name="callerFilePath">The source file of the call.</param>
    /// <param name="callerLineNumber">The line of the call.</param>
    /// <returns>A task that completes when the sub-orchestration has.</returns>
    /// <exception cref="SubOrchestrationFailedException">The sub-orchestration failed or was terminated.</exception>
    /// <exception cref="NotSupportedException">A context that does not override this member was given a version or a cancellable token.</exception>
    public virtual Task InvokeSubOrchestrationAsync<TInput>(
        string name,
        string? version,
        TInput input,
        string? instanceId,
        RetryOptions? retry,
        CancellationToken cancellationToken,
        [CallerMemberName] string callerMemberName = "",
        [CallerFilePath] string callerFilePath = "",
        [CallerLineNumber] int callerLineNumber = 0)
    {
        ThrowIfCancellable(cancellationToken);
        ThrowIfVersioned(version);
        return CallSubOrchestrationAsync(name, input, instanceId, retry, callerMemberName, callerFilePath, callerLineNumber);
    }

    /// <summary>Creates a durable timer that fires at <paramref name="fireAtUtc"/>; it survives worker restarts.</summary>
    /// <param name="fireAtUtc">When to fire (UTC); a time in the past fires at once.</param>
    /// <param name="cancellationToken">
    /// Cancels the wait (the task becomes canceled). Use it to drop the losing timer of a
    /// <see cref="Task.WhenAny(Task[])"/> race; not cancelling is harmless too, since an instance's pending
    /// timers are dropped when it completes.
    /// </param>
    /// <param name="callerMemberName">Filled in by the compiler.</param>
    /// <param name="callerFilePath">Filled in by the compiler.</param>
    /// <param name="callerLineNumber">Filled in by the compiler.</param>
    /// <returns>A task that completes when the timer fires.</returns>
    public abstract Task CreateTimer(
        DateTime fireAtUtc,
        CancellationToken cancellationToken = default,
        [CallerMemberName] string callerMemberName = "",
        [CallerFilePath] string callerFilePath = "",
        [CallerLineNumber] int callerLineNumber = 0);

    /// <summary>Creates a durable timer that fires after <paramref name="delay"/> (from <see cref="CurrentUtcDateTime"/>).</summary>
    /// <param name="delay">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait (the task becomes canceled).</param>
    /// <param name="callerMemberName">Filled in by the compiler.</param>
    /// <param name="callerFilePath">Filled in by the compiler.</param>
    /// <param name="callerLineNumber">Filled in by the compiler.</param>
    /// <returns>A task that completes when the timer fires.</returns>
    public Task CreateTimer(
        TimeSpan delay,
        CancellationToken cancellationToken = default,
        [CallerMemberName] string callerMemberName = "",
        [CallerFilePath] string callerFilePath = "",
        [CallerLineNumber] int callerLineNumber = 0) =>
        CreateTimer(CurrentUtcDateTime + delay, cancellationToken, callerMemberName, callerFilePath, callerLineNumber);

    /// <summary>
    /// Waits for an external event raised with <c>WorkflowClient.RaiseEventAsync</c> (or sent by another
    /// orchestration). Names match case-insensitively; an event that arrives before anyone waits is buffered,
    /// first in first out, and several waiters on one name are served in the order they started waiting.
    /// </summary>
    /// <typeparam name="T">The event data's type.</typeparam>
    /// <param name="name">The event's name.</param>
    /// <returns>The event data.</returns>
    public abstract Task<T> WaitForExternalEvent<T>(string name);

    /// <summary>
    /// Waits for an external event, at most <paramref name="timeout"/> (a durable timer). When the timeout wins,
    /// the task throws <see cref="TimeoutException"/> and a later event with that name is buffered, not lost.
    /// </summary>
    /// <typeparam name="T">The event data's type.</typeparam>
    /// <param name="name">The event's name.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="callerMemberName">Filled in by the compiler.</param>
    /// <param name="callerFilePath">Filled in by the compiler.</param>
    /// <param name="callerLineNumber">Filled in by the compiler.</param>
    /// <returns>The event data.</returns>
    /// <exception cref="TimeoutException">No event arrived within <paramref name="timeout"/>.</exception>
    public abstract Task<T> WaitForExternalEvent<T>(
        string name,
        TimeSpan timeout,
        [CallerMemberName] string callerMemberName = "",
        [CallerFilePath] string callerFilePath = "",
        [CallerLineNumber] int callerLineNumber = 0);

    /// <summary>
    /// Waits for an external event until <paramref name="cancellationToken"/> fires. Cancel the token when the code stops
    /// waiting (e.g. a timer won a <c>Task.WhenAny</c>): the waiter is removed at once, the task becomes canceled, and the
    /// next event with that name goes to the next live waiter or to the buffer. An abandoned, uncancelled waiter keeps
    /// its place and takes the next event.
    /// </summary>
    /// <typeparam name="T">The event data's type.</typeparam>
    /// <param name="name">The event's name.</param>
    /// <param name="cancellationToken">Ends the wait; create it in orchestration code and cancel it there.</param>
    /// <returns>The event data.</returns>
    /// <exception cref="TaskCanceledException">The token fired before an event arrived.</exception>
    public abstract Task<T> WaitForExternalEvent<T>(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Waits for an external event, at most <paramref name="timeout"/> (a durable timer) and until
    /// <paramref name="cancellationToken"/> fires. A timed-out or cancelled waiter is removed at once (its timer too),
    /// so a later event with that name goes to the next live waiter or to the buffer.
    /// </summary>
    /// <typeparam name="T">The event data's type.</typeparam>
    /// <param name="name">The event's name.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Ends the wait; create it in orchestration code and cancel it there.</param>
    /// <param name="callerMemberName">Filled in by the compiler.</param>
    /// <param name="callerFilePath">Filled in by the compiler.</param>
    /// <param name="callerLineNumber">Filled in by the compiler.</param>
    /// <returns>The event data.</returns>
    /// <exception cref="TimeoutException">No event arrived within <paramref name="timeout"/>.</exception>
    /// <exception cref="TaskCanceledException">The token fired first.</exception>
    public abstract Task<T> WaitForExternalEvent<T>(
        string name,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        [CallerMemberName] string callerMemberName = "",
        [CallerFilePath] string callerFilePath = "",
        [CallerLineNumber] int callerLineNumber = 0);

    /// <summary>Sends an external event to another instance (one-way; delivered even if this instance then completes).</summary>
    /// <param name="instanceId">The receiving instance.</param>
    /// <param name="eventName">The event's name.</param>
    /// <param name="eventData">The event data; <see langword="null"/> for none.</param>
    /// <param name="callerMemberName">Filled in by the compiler.</param>
    /// <param name="callerFilePath">Filled in by the compiler.</param>
    /// <param name="callerLineNumber">Filled in by the compiler.</param>
    public abstract void SendEvent(
        string instanceId,
        string eventName,
        object? eventData = null,
        [CallerMemberName] string callerMemberName = "",
        [CallerFilePath] string callerFilePath = "",
        [CallerLineNumber] int callerLineNumber = 0);

    /// <summary>
    /// Ends this execution when the orchestration method returns, and starts a new execution of the same
    /// instance with <paramref name="input"/> and a fresh (empty) history: the way to write eternal
    /// orchestrations. A value returned after calling it is ignored.
    /// </summary>
    /// <param name="input">The new execution's input.</param>
    /// <param name="preserveUnprocessedEvents">
    /// <see langword="true"/> to hand external events that arrived but were not yet consumed to the new
    /// execution; by default they are dropped.
    /// </param>
    public abstract void ContinueAsNew(object? input, bool preserveUnprocessedEvents = false);

    /// <summary>
    /// A new GUID that is the same on every replay: a name-based UUID of the instance id, the execution id
    /// and a per-execution counter. Use it instead of <see cref="Guid.NewGuid"/>.
    /// </summary>
    /// <returns>A GUID, different for every call and every instance.</returns>
    public abstract Guid NewGuid();

    /// <summary>Sets a status value that clients can read while the instance runs (e.g. progress).</summary>
    /// <param name="customStatus">The status; <see langword="null"/> clears it.</param>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>A logger that writes nothing while <see cref="IsReplaying"/>, so each message appears once.</summary>
    /// <param name="categoryName">The log category.</param>
    /// <returns>The logger.</returns>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);

    /// <summary>A replay-safe logger whose category is <typeparamref name="T"/>'s full name.</summary>
    /// <typeparam name="T">The category type.</typeparam>
    /// <returns>The logger.</returns>
    public ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);

    /// <summary>
    /// Wraps a logger of your own (e.g. an <c>ILogger&lt;T&gt;</c> injected into the class that holds the orchestration) so
    /// that it writes nothing while the orchestration replays: each line appears once, not once per replay.
    /// </summary>
    /// <param name="logger">The logger to wrap.</param>
    /// <returns>A logger that is silent during replay.</returns>
    /// <remarks>Checks <see cref="IsReplaying"/> at each call, so one wrapper can be kept for the whole orchestration.</remarks>
    public ILogger CreateReplaySafeLogger(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return new Replay.ReplaySafeLogger(logger, () => IsReplaying);
    }

    private static void ThrowIfCancellable(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            throw new NotSupportedException("This orchestration context does not support cancelling calls.");
        }
    }

    private static void ThrowIfVersioned(string? version)
    {
        if (version is not null)
        {
            throw new NotSupportedException("This orchestration context does not support calling a sub-orchestration by version.");
        }
    }
}
