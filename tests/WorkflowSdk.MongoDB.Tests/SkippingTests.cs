using WorkflowSdk.Conformance;
using Xunit.Sdk;

namespace WorkflowSdk.MongoDB.Tests;

/// <summary>The mechanism that reports the gated tests as skipped (never passed) when their server is not configured.</summary>
public sealed class SkippingTests
{
    [RequiresEnvironment("WORKFLOWSDK_TEST_VARIABLE_THAT_IS_NEVER_SET", "nothing")]
    private sealed class NeedsUnsetVariable;

    [RequiresEnvironment("PATH")]
    private sealed class NeedsPath;

    private sealed class NeedsNothing;

    [Fact]
    public void A_class_requiring_an_unset_variable_gets_a_skip_reason_naming_it()
    {
        Assert.Equal(
            "WORKFLOWSDK_TEST_VARIABLE_THAT_IS_NEVER_SET is not set (nothing)",
            ConformanceFactDiscoverer.MissingRequirement(Reflector.Wrap(typeof(NeedsUnsetVariable))));
    }

    [Fact]
    public void Classes_whose_requirements_are_met_or_that_have_none_run()
    {
        Assert.Null(ConformanceFactDiscoverer.MissingRequirement(Reflector.Wrap(typeof(NeedsPath))));
        Assert.Null(ConformanceFactDiscoverer.MissingRequirement(Reflector.Wrap(typeof(NeedsNothing))));
    }
}
