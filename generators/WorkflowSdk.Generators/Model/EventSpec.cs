namespace WorkflowSdk.Generators.Model;

/// <summary>An external event an orchestration declares with <c>[ExternalEvent&lt;TData&gt;(name)]</c>.</summary>
/// <param name="Name">The event's name as sent.</param>
/// <param name="MethodName">The generated raise method, e.g. <c>RaiseApprovalAsync</c>.</param>
/// <param name="DataType">The data's type, fully qualified.</param>
/// <param name="WaitMethodName">The generated wait, e.g. <c>WaitForApprovalAsync</c> on <c>context.Events</c>.</param>
internal sealed record EventSpec(string Name, string MethodName, string DataType, string WaitMethodName);

/// <summary>
/// One generated wait on <c>context.Events</c>: an event name declared by one or more orchestrations, all with the
/// same data type.
/// </summary>
/// <param name="Name">The event's name as the first declaration (in ordinal order) spells it.</param>
/// <param name="WaitMethodName">The method, e.g. <c>WaitForApprovalAsync</c>.</param>
/// <param name="DataType">The data's type, fully qualified.</param>
/// <param name="IsPublic">Whether every declaring orchestration's generated members are public.</param>
/// <param name="DeclaredBy">The declaring orchestrations, as people read them.</param>
internal sealed record EventWaitSpec(string Name, string WaitMethodName, string DataType, bool IsPublic, string DeclaredBy);
