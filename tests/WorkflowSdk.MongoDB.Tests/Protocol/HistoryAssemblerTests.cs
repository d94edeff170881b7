using WorkflowSdk.MongoDB.Internal.Documents;
using WorkflowSdk.MongoDB.Internal.Protocol;

namespace WorkflowSdk.MongoDB.Tests.Protocol;

public sealed class HistoryAssemblerTests
{
    private static InstanceHead Instance(long revision, string? head, string execution = "x") =>
        new("i", revision, execution, OrchestrationRuntimeStatus.Running, head, []);

    private static ChunkHeader Chunk(string commit, long revision, string? previous, int part = 0, int parts = 1, string execution = "x", string instance = "i") =>
        new($"{commit}:{part}", instance, execution, revision, part, parts, commit, previous);

    [Fact]
    public void The_chain_from_the_head_is_returned_oldest_first_with_parts_in_order()
    {
        var chunks = new[]
        {
            Chunk("c3", 5, "c2", part: 1, parts: 2),
            Chunk("c1", 2, null),
            Chunk("c3", 5, "c2", part: 0, parts: 2),
            Chunk("c2", 3, "c1"),
        };

        var result = HistoryAssembler.Assemble(Instance(5, "c3"), chunks);

        Assert.Null(result.Problem);
        Assert.Equal(["c1:0", "c2:0", "c3:0", "c3:1"], result.Accepted.Select(c => c.Id));
        Assert.Empty(result.Garbage);
    }

    [Fact]
    public void An_instance_without_a_head_has_no_history_and_every_chunk_of_its_execution_at_or_below_its_revision_is_garbage()
    {
        var result = HistoryAssembler.Assemble(Instance(3, null), [Chunk("c1", 2, null), Chunk("c2", 4, null)]);

        Assert.Null(result.Problem);
        Assert.Empty(result.Accepted);
        Assert.Equal(["c1"], result.Garbage);
    }

    [Fact]
    public void Chunks_above_the_committed_revision_are_ignored_and_not_garbage()
    {
        var result = HistoryAssembler.Assemble(Instance(2, "c1"), [Chunk("c1", 2, null), Chunk("in-flight", 3, "c1")]);

        Assert.Equal(["c1:0"], result.Accepted.Select(c => c.Id));
        Assert.Empty(result.Garbage);
    }

    [Fact]
    public void Chunks_of_other_executions_and_other_instances_are_never_accepted()
    {
        var result = HistoryAssembler.Assemble(Instance(4, "c2", execution: "new"),
            [Chunk("c1", 2, null, execution: "old"), Chunk("c2", 4, null, execution: "new"), Chunk("c9", 1, null, instance: "other")]);

        Assert.Equal(["c2:0"], result.Accepted.Select(c => c.Id));
        Assert.Equal(["c1"], result.Garbage);
    }

    [Fact]
    public void A_missing_link_is_reported_and_nothing_is_called_garbage()
    {
        var result = HistoryAssembler.Assemble(Instance(5, "c3"), [Chunk("c3", 5, "c2"), Chunk("c1", 2, null), Chunk("lost", 3, "c1")]);

        Assert.Equal("the history chunk of commit c2 is missing", result.Problem);
        Assert.Empty(result.Accepted);
        Assert.Empty(result.Garbage);
    }

    [Fact]
    public void A_link_that_does_not_go_down_in_revision_is_reported_instead_of_looping()
    {
        var result = HistoryAssembler.Assemble(Instance(5, "a"), [Chunk("a", 5, "b"), Chunk("b", 5, "a")]);

        Assert.Contains("not ordered", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parts_that_disagree_or_repeat_are_reported()
    {
        var disagree = HistoryAssembler.Assemble(Instance(5, "c"), [Chunk("c", 5, null, 0, 2), Chunk("c", 4, null, 1, 2)]);
        var repeated = HistoryAssembler.Assemble(Instance(5, "c"), [Chunk("c", 5, null, 0, 2), Chunk("c", 5, null, 0, 2)]);

        Assert.Contains("disagree", disagree.Problem, StringComparison.Ordinal);
        Assert.Contains("wrote 2 history chunk(s) but 1 distinct one(s) were found", repeated.Problem, StringComparison.Ordinal);
    }
}
