namespace WorkflowSdk.Generators.Model;

/// <summary>One parameter of a workflow method.</summary>
/// <param name="Name">The parameter's name (escaped with @ where it is a keyword).</param>
/// <param name="Type">Its type, fully qualified with <c>global::</c> and nullable annotations.</param>
/// <param name="Role">What supplies it at run time.</param>
/// <param name="DefaultValue">The default value as a C# expression (e.g. <c>1m</c>), or null when it has none.</param>
internal sealed record ParameterSpec(string Name, string Type, ParameterRole Role, string? DefaultValue = null);

internal enum ParameterRole
{
    /// <summary>Part of the serialized input.</summary>
    Input,

    /// <summary>The orchestration's <c>OrchestrationContext</c>.</summary>
    OrchestrationContext,

    /// <summary>The activity's <c>ActivityContext</c>.</summary>
    ActivityContext,

    /// <summary>A <c>CancellationToken</c> of an activity: the activity context's token.</summary>
    CancellationToken,
}
