using Xunit.Abstractions;
using Xunit.Sdk;

namespace WorkflowSdk.Conformance;

/// <summary>
/// A <see cref="FactAttribute"/> for conformance tests: it runs like <c>[Fact]</c>, except that when the concrete test
/// class carries a <see cref="RequiresEnvironmentAttribute"/> whose variable is not set, the test is reported as
/// skipped (with the reason) instead of running. xunit 2 has no dynamic skip; this decides at discovery time.
/// </summary>
[XunitTestCaseDiscoverer("WorkflowSdk.Conformance.ConformanceFactDiscoverer", "WorkflowSdk.Conformance")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ConformanceFactAttribute : FactAttribute;

/// <summary>
/// Marks a test class whose <see cref="ConformanceFactAttribute"/> tests need an environment variable (e.g. the URI
/// of a server that is not always available): without it they are reported as skipped, never as passed.
/// </summary>
/// <param name="variable">The environment variable that must be set (non-empty).</param>
/// <param name="purpose">What it is for, shown in the skip reason.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RequiresEnvironmentAttribute(string variable, string purpose = "") : Attribute
{
    /// <summary>The environment variable.</summary>
    public string Variable { get; } = variable;

    /// <summary>What it is for.</summary>
    public string Purpose { get; } = purpose;
}

/// <summary>
/// Discovers <see cref="ConformanceFactAttribute"/> tests: a skipped test case when a required environment variable
/// of the concrete test class is missing, the usual <c>[Fact]</c> test case otherwise.
/// </summary>
/// <param name="diagnosticMessageSink">Where discovery diagnostics go.</param>
public sealed class ConformanceFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    private readonly IMessageSink _sink = diagnosticMessageSink;

    /// <inheritdoc/>
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        var missing = MissingRequirement(testMethod.TestClass.Class);
        if (missing is null)
        {
            return base.Discover(discoveryOptions, testMethod, factAttribute);
        }

        return
        [
            new XunitSkippedDataRowTestCase(
                _sink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, missing),
        ];
    }

    /// <summary>The skip reason when a required variable of <paramref name="testClass"/> is unset; <see langword="null"/> otherwise.</summary>
    /// <param name="testClass">The concrete test class.</param>
    /// <returns>The reason, or <see langword="null"/>.</returns>
    public static string? MissingRequirement(ITypeInfo testClass)
    {
        ArgumentNullException.ThrowIfNull(testClass);
        foreach (var requirement in testClass.GetCustomAttributes(typeof(RequiresEnvironmentAttribute).AssemblyQualifiedName))
        {
            var arguments = requirement.GetConstructorArguments().ToList();
            var variable = (string)arguments[0];
            var purpose = arguments.Count > 1 ? arguments[1] as string : null;
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
            {
                return $"{variable} is not set" + (string.IsNullOrEmpty(purpose) ? "" : $" ({purpose})");
            }
        }

        return null;
    }
}

/// <summary>
/// A <see cref="TheoryAttribute"/> for conformance tests, skipped like <see cref="ConformanceFactAttribute"/> when a
/// required environment variable of the concrete test class is unset (one skipped case for the whole theory).
/// </summary>
[XunitTestCaseDiscoverer("WorkflowSdk.Conformance.ConformanceTheoryDiscoverer", "WorkflowSdk.Conformance")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ConformanceTheoryAttribute : TheoryAttribute;

/// <summary>Discovers <see cref="ConformanceTheoryAttribute"/> tests (see <see cref="ConformanceFactDiscoverer"/>).</summary>
/// <param name="diagnosticMessageSink">Where discovery diagnostics go.</param>
public sealed class ConformanceTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    private readonly IMessageSink _sink = diagnosticMessageSink;

    /// <inheritdoc/>
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        var missing = ConformanceFactDiscoverer.MissingRequirement(testMethod.TestClass.Class);
        if (missing is null)
        {
            return base.Discover(discoveryOptions, testMethod, theoryAttribute);
        }

        return
        [
            new XunitSkippedDataRowTestCase(
                _sink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, missing),
        ];
    }
}
