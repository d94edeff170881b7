using WorkflowSdk.MongoDB.Internal.Documents;

namespace WorkflowSdk.MongoDB.Internal.Protocol;

/// <summary>What a reader makes of the chunk documents it found for an instance (see <see cref="HistoryAssembler"/>).</summary>
/// <param name="Accepted">The committed chunks, oldest first (by revision, then part).</param>
/// <param name="Garbage">
/// Commit ids of chunks at or below the committed revision that are not on the chain: written by commits that lost
/// their race or crashed before it. They can never become committed and may be deleted.
/// </param>
/// <param name="Problem">
/// When the chain is broken (a committed chunk is missing, incomplete or inconsistent), what is wrong; otherwise
/// <see langword="null"/>. A concurrent purge or new execution looks like this to a reader that read the instance
/// first, so the store reads again before calling it damage.
/// </param>
internal sealed record AssembledHistory(IReadOnlyList<ChunkHeader> Accepted, IReadOnlyList<string> Garbage, string? Problem);

/// <summary>
/// The reader's half of the commit protocol, as a pure function: given the instance's committed state and the
/// chunk documents found for it, which chunks make up its history.
/// </summary>
/// <remarks>
/// <para>A chunk is committed exactly when it is on the chain that starts at the instance document's
/// <c>historyHead</c> and follows <c>previousCommitId</c> links down to the execution's first chunk. Chunks of
/// other executions, chunks above the committed revision (a commit in flight, or one that will lose) and chunks at
/// or below it that are not on the chain (a lost race, or a writer that crashed before its compare-and-set) are
/// ignored. Because the chain names one commit per step, two leftovers at the same revision can never be confused
/// with the committed one.</para>
/// <para>Each commit's chunks are complete (parts 0..parts-1, same revision, same predecessor) or the history is
/// reported broken; revisions strictly decrease along the chain, so a damaged link cannot loop.</para>
/// </remarks>
internal static class HistoryAssembler
{
    public static AssembledHistory Assemble(InstanceHead instance, IEnumerable<ChunkHeader> chunks)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(chunks);
        var commits = new Dictionary<string, List<ChunkHeader>>(StringComparer.Ordinal);
        var otherExecutions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in chunks)
        {
            if (chunk.InstanceId != instance.InstanceId || chunk.Revision > instance.Revision)
            {
                continue;
            }

            if (chunk.ExecutionId != instance.ExecutionId)
            {
                otherExecutions.Add(chunk.CommitId);
                continue;
            }

            if (!commits.TryGetValue(chunk.CommitId, out var parts))
            {
                commits[chunk.CommitId] = parts = [];
            }

            parts.Add(chunk);
        }

        var accepted = new List<List<ChunkHeader>>();
        var onChain = new HashSet<string>(StringComparer.Ordinal);
        string? problem = null;
        var expected = instance.HistoryHead;
        var below = long.MaxValue;
        while (expected is not null)
        {
            if (!commits.TryGetValue(expected, out var parts))
            {
                problem = $"the history chunk of commit {expected} is missing";
                break;
            }

            problem = CheckCommit(expected, parts, below);
            if (problem is not null)
            {
                break;
            }

            parts.Sort((a, b) => a.Part.CompareTo(b.Part));
            accepted.Add(parts);
            onChain.Add(expected);
            below = parts[0].Revision;
            expected = parts[0].PreviousCommitId;
        }

        if (problem is not null)
        {
            // With a broken chain nothing below the break is known to be on it: report no garbage.
            return new AssembledHistory([], [], problem);
        }

        accepted.Reverse();
        var garbage = commits.Keys.Where(c => !onChain.Contains(c)).Concat(otherExecutions).Order(StringComparer.Ordinal).ToList();
        return new AssembledHistory(accepted.SelectMany(p => p).ToList(), garbage, null);
    }

    private static string? CheckCommit(string commitId, List<ChunkHeader> parts, long below)
    {
        var first = parts[0];
        if (parts.Exists(p => p.Revision != first.Revision || p.Parts != first.Parts || p.PreviousCommitId != first.PreviousCommitId))
        {
            return $"the history chunks of commit {commitId} disagree about their revision, part count or predecessor";
        }

        if (first.Revision >= below)
        {
            return $"the history chain is not ordered: commit {commitId} at revision {first.Revision} precedes one at revision {below}";
        }

        var present = parts.Select(p => p.Part).Distinct().Count();
        if (present != first.Parts || parts.Count != first.Parts)
        {
            return $"commit {commitId} (revision {first.Revision}) wrote {first.Parts} history chunk(s) but {present} distinct one(s) were found";
        }

        return null;
    }
}
