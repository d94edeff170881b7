namespace WorkflowSdk;

/// <summary>
/// The receiver of the generated, typed activity proxies: <c>await context.Activities.BookFlightAsync(dates)</c>.
/// </summary>
/// <remarks>
/// The WorkflowSdk source generator emits one extension method on this type per <see cref="ActivityAttribute"/>
/// method in the compilation, with the activity's own parameter and result types, plus overloads taking
/// <see cref="RetryOptions"/> and a <see cref="CancellationToken"/>. Each forwards the caller's file, line and member
/// to the scheduled step, so history and <see cref="NonDeterminismException"/> messages name the line of
/// orchestration code that made the call.
/// </remarks>
/// <param name="context">The calling orchestration's context.</param>
public readonly struct ActivityCalls(OrchestrationContext context)
{
    /// <summary>The calling orchestration's context.</summary>
    public OrchestrationContext Context { get; } = context;
}

/// <summary>
/// The receiver of the generated, typed sub-orchestration proxies:
/// <c>await context.SubOrchestrations.ShipOrderAsync(order)</c>. See <see cref="ActivityCalls"/>.
/// </summary>
/// <param name="context">The calling orchestration's context.</param>
public readonly struct SubOrchestrationCalls(OrchestrationContext context)
{
    /// <summary>The calling orchestration's context.</summary>
    public OrchestrationContext Context { get; } = context;
}

/// <summary>
/// The receiver of the generated, typed waits for declared external events:
/// <c>var decision = await context.Events.WaitForApprovalAsync(TimeSpan.FromDays(3))</c>.
/// </summary>
/// <remarks>
/// The WorkflowSdk source generator emits, for each event name declared with
/// <see cref="ExternalEventAttribute{TData}"/> on an orchestration of the compilation, a <c>WaitFor{Name}Async</c>
/// extension method on this type with the declared data type, with and without a timeout and a
/// <see cref="CancellationToken"/>. Each is <see cref="OrchestrationContext.WaitForExternalEvent{T}(string)"/> with the
/// declared name, so the name is written once, in the attribute, and a client's <c>Raise{Name}Async</c> and the
/// orchestration's wait cannot drift apart.
/// </remarks>
/// <param name="context">The waiting orchestration's context.</param>
public readonly struct ExternalEventWaits(OrchestrationContext context)
{
    /// <summary>The waiting orchestration's context.</summary>
    public OrchestrationContext Context { get; } = context;
}
