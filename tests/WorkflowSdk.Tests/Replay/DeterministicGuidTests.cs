using WorkflowSdk.Replay;

namespace WorkflowSdk.Tests.Replay;

public sealed class DeterministicGuidTests
{
    [Fact]
    public void Matches_the_RFC_9562_version_5_example()
    {
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        Assert.Equal(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"), DeterministicGuid.Create(dns, "www.example.com"));
    }
}
