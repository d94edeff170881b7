namespace WorkflowSdk;

/// <summary>
/// Marks a method as an orchestration: durable, replayed code whose first parameter is an
/// <see cref="OrchestrationContext"/>.
/// </summary>
/// <remarks>
/// Orchestration code is replayed from history every time the instance resumes on a worker that
/// does not hold it in memory, so it must be deterministic: use <see cref="OrchestrationContext"/>
/// for time, GUIDs, delays and I/O (through activities). The WorkflowSdk analyzers flag code that
/// is not.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OrchestrationAttribute : Attribute
{
    /// <summary>Creates the attribute; the orchestration is named after the method.</summary>
    public OrchestrationAttribute()
    {
    }

    /// <summary>Creates the attribute with an explicit orchestration name.</summary>
    /// <param name="name">The name clients and parent orchestrations use to start it.</param>
    public OrchestrationAttribute(string name) => Name = name;

    /// <summary>The orchestration's name; <see langword="null"/> means the method name.</summary>
    public string? Name { get; set; }

    /// <summary>The orchestration's version; <see langword="null"/> means unversioned.</summary>
    public string? Version { get; set; }
}
