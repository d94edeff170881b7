namespace WorkflowSdk;

/// <summary>
/// Declares an external event that an orchestration waits for, with the type of its data. The source generator
/// then gives the orchestration's typed client handle a <c>Raise{Name}Async(TData data)</c> method, so callers
/// never type the event name or guess its data type.
/// </summary>
/// <typeparam name="TData">The event data's type (what the orchestration passes to <see cref="OrchestrationContext.WaitForExternalEvent{T}(string)"/>).</typeparam>
/// <remarks>
/// The declaration is a promise for clients; the orchestration still waits with
/// <c>context.WaitForExternalEvent&lt;TData&gt;(name)</c>. Event names match case-insensitively at run time; the
/// generated method name is the event name with its first letter upper-cased.
/// </remarks>
/// <example>
/// <code>
/// [Orchestration]
/// [ExternalEvent&lt;ApprovalDecision&gt;("Approval")]
/// public static async Task&lt;bool&gt; ApproveExpense(OrchestrationContext context, Expense expense)
/// {
///     var decision = await context.WaitForExternalEvent&lt;ApprovalDecision&gt;("Approval", TimeSpan.FromDays(3));
///     return decision.Approved;
/// }
///
/// // client side
/// var handle = await client.StartApproveExpenseAsync(expense);
/// await handle.RaiseApprovalAsync(new ApprovalDecision(Approved: true));
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class ExternalEventAttribute<TData> : Attribute
{
    /// <summary>Declares the event.</summary>
    /// <param name="name">The event's name: a C# identifier, so that it can name the generated method.</param>
    public ExternalEventAttribute(string name) => Name = name;

    /// <summary>The event's name.</summary>
    public string Name { get; }
}
