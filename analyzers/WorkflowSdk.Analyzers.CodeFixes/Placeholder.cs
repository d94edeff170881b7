namespace WorkflowSdk.Analyzers.CodeFixes;

internal static class Placeholder
{
}
