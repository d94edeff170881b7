using MongoDB.Bson;
using MongoDB.Driver;
using WorkflowSdk.Backends;
using WorkflowSdk.MongoDB.Internal.Bson;
using WorkflowSdk.MongoDB.Internal.Documents;

namespace WorkflowSdk.MongoDB.Internal.Protocol;

/// <summary>How a commit changes the instance document's <c>historyHead</c>.</summary>
internal enum HeadChange
{
    /// <summary>No new chunks: the head stays.</summary>
    Keep,

    /// <summary>New chunks: the head becomes this commit.</summary>
    Set,

    /// <summary>A new execution without chunks yet: no head.</summary>
    Clear,
}

/// <summary>Everything one commit writes, computed before anything is written (see <see cref="CommitProtocol"/>).</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="CommitId">This commit attempt's id (never reused).</param>
/// <param name="ExpectedRevision">The revision the episode read; 0 creates the instance.</param>
/// <param name="Chunks">The history chunk documents (empty when the commit adds no events).</param>
/// <param name="Outbox">The outbox entries, pending unless <paramref name="Transactional"/>.</param>
/// <param name="NewInstance">The instance document as the commit leaves it (inserted as is when creating).</param>
/// <param name="Head">How the commit changes the history head.</param>
/// <param name="ToPublish">The entries the caller may publish right away (with an outbox claim and no due time).</param>
/// <param name="DropsOtherExecutions">Whether the commit replaces the stored execution, whose chunks are then deleted.</param>
/// <param name="WrittenAt">When the plan was made: the write time of its documents.</param>
/// <param name="Transactional">Whether the plan is for the transaction fast path (entries written ready, no <c>outboxCommits</c>).</param>
internal sealed record CommitPlan(
    string InstanceId,
    string CommitId,
    long ExpectedRevision,
    IReadOnlyList<BsonDocument> Chunks,
    IReadOnlyList<OutboxDocument> Outbox,
    InstanceDocument NewInstance,
    HeadChange Head,
    IReadOnlyList<OutboxEntry> ToPublish,
    bool DropsOtherExecutions,
    DateTime WrittenAt,
    bool Transactional)
{
    /// <summary>The revision the commit advances the instance to.</summary>
    public long NewRevision => ExpectedRevision + 1;

    /// <summary>Whether the commit creates the instance document (insert) rather than advancing it (compare-and-set).</summary>
    public bool CreatesInstance => ExpectedRevision == 0;

    /// <summary>Whether the commit records its id in <c>outboxCommits</c> (entries written pending).</summary>
    public bool TracksOutbox => !Transactional && Outbox.Count > 0;

    /// <summary>The compare-and-set filter: the instance at the revision the episode read.</summary>
    public FilterDefinition<BsonDocument> CompareAndSetFilter => MongoCommands.InstanceAtRevision(InstanceId, ExpectedRevision);

    /// <summary>The compare-and-set update: the new record, the new revision, the head, and the outbox commit id.</summary>
    public UpdateDefinition<BsonDocument> CompareAndSetUpdate =>
        MongoCommands.Advance(NewInstance.Record, NewRevision, Head, CommitId, TracksOutbox ? CommitId : null);
}

/// <summary>
/// The atomic episode commit on MongoDB without multi-document transactions, and its planning step as a pure
/// function.
/// </summary>
/// <remarks>
/// <para><b>Documents.</b> An instance document (<c>_id</c> = instance id) holds the record and its
/// <c>revision</c>; it is the only document whose change makes a commit visible. History is a chain of chunk
/// documents, each keyed by the commit that wrote it (<c>_id = commitId:part</c>) and carrying the instance, the
/// execution, the <c>revision</c> the commit advances to, and <c>previousCommitId</c>, the commit before it in the
/// execution; the instance document names the newest one in <c>historyHead</c>. Outbox entries
/// (<c>_id = commitId:index</c>) carry the commit id, its revision and a <c>state</c>.</para>
/// <para><b>Writer</b> (<see cref="MongoDBStore.CommitEpisodeAsync"/>), with a fresh commit id <c>c</c> and the
/// episode's expected revision <c>e</c> (new revision <c>n = e + 1</c>):</para>
/// <list type="number">
/// <item>Read the instance's head fields. If its revision is not <c>e</c> (or it exists when <c>e = 0</c>), the
/// race is already lost: return a conflict having written nothing.</item>
/// <item>Insert the chunk documents (revision <c>n</c>, <c>previousCommitId</c> = the head just read, or none for a
/// new execution) and the outbox entries (state <c>pending</c>), in parallel. Nothing reads them yet.</item>
/// <item>Compare-and-set: update the instance document where <c>{_id, revision: e}</c>, setting the new record,
/// <c>revision: n</c>, <c>historyHead: c</c> (when chunks were written) and pushing <c>c</c> onto
/// <c>outboxCommits</c> (when entries were written); for <c>e = 0</c>, insert the document (a duplicate key is the
/// lost race). This single-document write is the commit point: before it nothing of <c>c</c> is visible, after it
/// everything is.</item>
/// <item>If it matched nothing, the race was lost: delete this commit's chunks and entries (best effort) and return
/// a conflict. If its outcome is unknown (a network error), throw without cleaning up: the reader rules below are
/// right either way.</item>
/// <item>If the commit starts a new execution, delete the chunks of other executions (best effort).</item>
/// <item>Mark this commit's entries <c>ready</c>, then pull <c>c</c> from <c>outboxCommits</c>. A failure here still
/// returns success: recovery finishes the job.</item>
/// </list>
/// <para><b>Readers</b> read the instance document, then the chunks of its execution with
/// <c>revision &lt;= revision</c>, and keep exactly the chain from <c>historyHead</c> (see
/// <see cref="HistoryAssembler"/>): chunks above the committed revision, leftovers of lost races and of crashed
/// writers are never part of it. <b>The relay</b> publishes <c>ready</c> entries only; pending entries left by a
/// crash are settled by <see cref="OutboxRecovery"/>: committed when their commit id is still in
/// <c>outboxCommits</c>, leftovers when the revision has moved on without it.</para>
/// <para><b>Crash points.</b> After 2: chunks and entries of an uncommitted revision exist; readers skip them (not on
/// the chain, or above the revision), the relay never sees them, and once another commit takes revision <c>n</c>
/// recovery deletes the entries. After 3: the commit is durable; entries are pending with <c>c</c> in
/// <c>outboxCommits</c>, so recovery marks them ready. After 6 but before the pull: entries are ready; the stale id
/// in <c>outboxCommits</c> matches no pending entry and changes nothing.</para>
/// <para><b>Transactions.</b> On a replica set or sharded cluster (<see cref="MongoDBTransactionMode"/>) the same
/// documents are written in one multi-document transaction instead: entries are written ready, <c>outboxCommits</c>
/// is not used, and a lost race aborts the transaction. Readers are the same.</para>
/// </remarks>
internal static class CommitProtocol
{
    /// <summary>BSON bytes an array element adds besides its value: type byte, index key and its terminator.</summary>
    private const int ArrayElementOverhead = 2;

    /// <summary>Plans one commit: splits the events into chunk documents, builds the outbox entries and the new instance document.</summary>
    /// <param name="commit">The episode commit.</param>
    /// <param name="current">The instance's head fields as just read (<see langword="null"/> when it does not exist).</param>
    /// <param name="commitId">A fresh commit id.</param>
    /// <param name="now">The store's clock.</param>
    /// <param name="maxChunkBytes">The target size of one history chunk document.</param>
    /// <param name="transactional">Whether the plan is for the transaction fast path.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="DocumentTooLargeException">An event, a message or the instance document cannot fit in 16 MiB.</exception>
    public static CommitPlan Plan(EpisodeCommit commit, InstanceHead? current, string commitId, DateTime now, int maxChunkBytes, bool transactional)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(commit.Instance);
        var instanceId = commit.Instance.InstanceId;
        var newRevision = commit.ExpectedRevision + 1;
        var continuesChain = current is not null && !commit.StartsNewExecution && current.ExecutionId == commit.Instance.ExecutionId;
        var previous = continuesChain ? current!.HistoryHead : null;

        var chunks = SplitIntoChunks(commit, commitId, previous, maxChunkBytes);
        var head = chunks.Count > 0 ? HeadChange.Set : continuesChain ? HeadChange.Keep : HeadChange.Clear;
        var newHead = head switch
        {
            HeadChange.Set => commitId,
            HeadChange.Keep => current?.HistoryHead,
            _ => null,
        };

        var outbox = new List<OutboxDocument>(commit.Outbox.Count);
        var toPublish = new List<OutboxEntry>();
        for (var i = 0; i < commit.Outbox.Count; i++)
        {
            var message = commit.Outbox[i];
            var visibleAt = message.VisibleAtUtc ?? (commit.OutboxClaimDuration is { } claim ? now + claim : now);
            var entry = new OutboxDocument(
                OutboxDocument.EntryId(commitId, i),
                instanceId,
                newRevision,
                commitId,
                transactional ? OutboxState.Ready : OutboxState.Pending,
                now,
                visibleAt,
                Claim: null,
                message);
            CheckSize(instanceId, $"outbox message #{i} ({message.Event.EventType} for instance '{message.InstanceId}')", entry.ToBson());
            outbox.Add(entry);
            if (commit.OutboxClaimDuration is not null && message.VisibleAtUtc is null)
            {
                toPublish.Add(new OutboxEntry(entry.Id, message));
            }
        }

        var tracksOutbox = !transactional && outbox.Count > 0;
        var outboxCommits = new List<string>(current?.OutboxCommits ?? []);
        if (tracksOutbox)
        {
            outboxCommits.Add(commitId);
        }

        var newInstance = new InstanceDocument(commit.Instance with { Revision = newRevision }, newHead, outboxCommits);
        CheckSize(instanceId, $"the instance document (input {Length(commit.Instance.Input)}, output {Length(commit.Instance.Output)}, " +
                              $"custom status {Length(commit.Instance.CustomStatus)} bytes)", newInstance.ToBson());
        return new CommitPlan(instanceId, commitId, commit.ExpectedRevision, chunks, outbox, newInstance, head, toPublish,
            DropsOtherExecutions: current is not null && !continuesChain, now, transactional);
    }

    /// <summary>
    /// Packs the events, in order, into as few chunk documents as possible, each at most
    /// <paramref name="maxChunkBytes"/> of BSON (an event larger than that gets a chunk of its own, up to 16 MiB).
    /// </summary>
    private static List<BsonDocument> SplitIntoChunks(EpisodeCommit commit, string commitId, string? previous, int maxChunkBytes)
    {
        var instanceId = commit.Instance.InstanceId;
        if (commit.NewEvents.Count == 0)
        {
            return [];
        }

        var template = new ChunkHeader(ChunkDocument.DocumentId(commitId, int.MaxValue), instanceId, commit.Instance.ExecutionId,
            commit.ExpectedRevision + 1, int.MaxValue - 1, int.MaxValue, commitId, previous);
        var headerBytes = ChunkDocument.ToBson(template, []).ToBson().Length;

        var parts = new List<BsonArray>();
        var current = new BsonArray();
        var size = headerBytes;
        for (var i = 0; i < commit.NewEvents.Count; i++)
        {
            var e = commit.NewEvents[i];
            var document = EventBson.ToBson(e);
            var eventBytes = document.ToBson().Length;
            if (headerBytes + eventBytes + ArrayElementOverhead + 1 > DocumentTooLargeException.MongoDBDocumentLimitBytes)
            {
                throw new DocumentTooLargeException(instanceId, $"history event #{i} ({e.EventType}) with its chunk header", headerBytes + eventBytes);
            }

            var elementBytes = eventBytes + ArrayElementOverhead + Digits(current.Count);
            if (current.Count > 0 && size + elementBytes > maxChunkBytes)
            {
                parts.Add(current);
                current = [];
                size = headerBytes;
                elementBytes = eventBytes + ArrayElementOverhead + 1;
            }

            current.Add(document);
            size += elementBytes;
        }

        parts.Add(current);
        var chunks = new List<BsonDocument>(parts.Count);
        for (var part = 0; part < parts.Count; part++)
        {
            var header = template with { Id = ChunkDocument.DocumentId(commitId, part), Part = part, Parts = parts.Count };
            chunks.Add(ChunkDocument.ToBson(header, parts[part]));
        }

        return chunks;
    }

    private static void CheckSize(string instanceId, string what, BsonDocument document)
    {
        var bytes = document.ToBson().Length;
        if (bytes > DocumentTooLargeException.MongoDBDocumentLimitBytes)
        {
            throw new DocumentTooLargeException(instanceId, what, bytes);
        }
    }

    private static int Digits(int index) => index.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;

    private static string Length(byte[]? payload) => payload is null ? "0" : payload.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
