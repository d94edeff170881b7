namespace WorkflowSdk.Generators.Model;

/// <summary>An external event an orchestration declares with <c>[ExternalEvent&lt;TData&gt;(name)]</c>.</summary>
/// <param name="Name">The event's name as sent.</param>
/// <param name="MethodName">The generated raise method, e.g. <c>RaiseApprovalAsync</c>.</param>
/// <param name="DataType">The data's type, fully qualified.</param>
internal sealed record EventSpec(string Name, string MethodName, string DataType);
