using WorkflowSdk.Serialization;

namespace WorkflowSdk.Tests.Failures;

public sealed class FailureDetailsTests
{
    [Fact]
    public void IsCausedBy_matches_the_recorded_type_its_base_types_and_those_of_inner_failures()
    {
        var failure = FailureDetails.FromException(new InvalidOperationException("outer", new FileNotFoundException("inner")));

        Assert.Equal(["System.SystemException", "System.Exception"], failure.BaseTypes);
        Assert.True(failure.IsCausedBy<InvalidOperationException>());
        Assert.True(failure.IsCausedBy<SystemException>());
        Assert.True(failure.IsCausedBy<Exception>());
        Assert.True(failure.IsCausedBy<IOException>());
        Assert.True(failure.IsCausedBy<FileNotFoundException>());
        Assert.False(failure.IsCausedBy<ArgumentException>());
    }

    [Fact]
    public void Base_types_survive_the_wire_and_failures_recorded_without_them_still_match_their_own_type_and_Exception()
    {
        var recorded = FailureDetails.FromException(new ArgumentNullException("name"));
        var decoded = WireFormat.DecodeFailure(WireFormat.EncodeFailure(recorded));
        var old = WireFormat.DecodeFailure(WireFormat.EncodeFailure(new FailureDetails("System.ArgumentNullException", "old")));

        Assert.Equal(recorded, decoded);
        Assert.True(decoded.IsCausedBy<ArgumentException>());
        Assert.Empty(old.BaseTypes);
        Assert.True(old.IsCausedBy<ArgumentNullException>());
        Assert.True(old.IsCausedBy<Exception>());
        Assert.False(old.IsCausedBy<ArgumentException>());
    }
}
