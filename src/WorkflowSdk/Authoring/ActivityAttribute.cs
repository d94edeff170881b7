namespace WorkflowSdk;

/// <summary>
/// Marks a method as an activity: ordinary code (I/O allowed) that orchestrations call through
/// <see cref="OrchestrationContext.CallActivityAsync{T}(string, object?, RetryOptions?, string, string, int)"/>.
/// </summary>
/// <remarks>
/// Activities run at least once: a worker that crashes mid-activity leaves it to be run again, so
/// activities should be idempotent. Their completion is recorded in the orchestration's history
/// exactly once. An optional first parameter of type <see cref="ActivityContext"/> gives access to the
/// calling instance and a cancellation token.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ActivityAttribute : Attribute
{
    /// <summary>Creates the attribute; the activity is named after the method.</summary>
    public ActivityAttribute()
    {
    }

    /// <summary>Creates the attribute with an explicit activity name.</summary>
    /// <param name="name">The name orchestrations use to call it.</param>
    public ActivityAttribute(string name) => Name = name;

    /// <summary>The activity's name; <see langword="null"/> means the method name.</summary>
    public string? Name { get; set; }
}
