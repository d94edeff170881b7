using System.Text;
using MongoDB.Bson;
using MongoDB.Driver;
using WorkflowSdk.Backends;
using WorkflowSdk.MongoDB.Internal.Bson;
using WorkflowSdk.MongoDB.Internal.Documents;

namespace WorkflowSdk.MongoDB.Internal.Protocol;

/// <summary>
/// Every filter, update, sort, pipeline and index the store sends, built as pure functions of their inputs so that
/// the tests can render them to BSON and compare them with the expected commands without a server.
/// </summary>
internal static class MongoCommands
{
    /// <summary>The statuses of finished instances (purge deletes only these).</summary>
    public static readonly IReadOnlyList<string> FinishedStatuses =
        [nameof(OrchestrationRuntimeStatus.Completed), nameof(OrchestrationRuntimeStatus.Failed), nameof(OrchestrationRuntimeStatus.Terminated)];

    private static FilterDefinitionBuilder<BsonDocument> Filter => Builders<BsonDocument>.Filter;

    private static UpdateDefinitionBuilder<BsonDocument> Update => Builders<BsonDocument>.Update;

    private static SortDefinitionBuilder<BsonDocument> Sort => Builders<BsonDocument>.Sort;

    private static IndexKeysDefinitionBuilder<BsonDocument> Keys => Builders<BsonDocument>.IndexKeys;

    // ---- instances ----

    public static FilterDefinition<BsonDocument> InstanceById(string instanceId) => Filter.Eq(InstanceDocument.Id, instanceId);

    public static FilterDefinition<BsonDocument> InstancesById(IEnumerable<string> instanceIds) => Filter.In(InstanceDocument.Id, instanceIds);

    /// <summary>The compare-and-set filter: the instance at the revision the writer read.</summary>
    public static FilterDefinition<BsonDocument> InstanceAtRevision(string instanceId, long revision) =>
        Filter.And(Filter.Eq(InstanceDocument.Id, instanceId), Filter.Eq(InstanceDocument.Revision, revision));

    /// <summary>
    /// The compare-and-set update: rewrite the record's fields (absent values removed), set the revision, move the
    /// history head, and record the commit id whose outbox entries are still pending.
    /// </summary>
    public static UpdateDefinition<BsonDocument> Advance(InstanceRecord record, long newRevision, HeadChange head, string commitId, string? outboxCommit)
    {
        var fields = InstanceDocument.RecordToBson(record);
        var updates = new List<UpdateDefinition<BsonDocument>>();
        foreach (var name in InstanceDocument.RecordFields)
        {
            updates.Add(fields.TryGetValue(name, out var value) ? Update.Set(name, value) : Update.Unset(name));
        }

        updates.Add(Update.Set(InstanceDocument.Revision, newRevision));
        if (head == HeadChange.Set)
        {
            updates.Add(Update.Set(InstanceDocument.Head, commitId));
        }
        else if (head == HeadChange.Clear)
        {
            updates.Add(Update.Unset(InstanceDocument.Head));
        }

        if (outboxCommit is not null)
        {
            updates.Add(Update.Push(InstanceDocument.Outbox, outboxCommit));
        }

        return Update.Combine(updates);
    }

    /// <summary>Removes commit ids from <c>outboxCommits</c> once their entries are ready (or gone).</summary>
    public static UpdateDefinition<BsonDocument> ForgetOutboxCommits(IEnumerable<string> commitIds) =>
        Update.PullAll(InstanceDocument.Outbox, commitIds);

    /// <summary>Purge deletes the instance document only if it is finished and unchanged since it was read.</summary>
    public static FilterDefinition<BsonDocument> FinishedInstanceAtRevision(string instanceId, long revision) =>
        Filter.And(
            Filter.Eq(InstanceDocument.Id, instanceId),
            Filter.Eq(InstanceDocument.Revision, revision),
            Filter.In(InstanceDocument.Status, FinishedStatuses));

    /// <summary>The list query: filters of <paramref name="query"/>, after the continuation point, oldest first.</summary>
    public static FilterDefinition<BsonDocument> ListInstances(InstanceQuery query, (DateTime CreatedAt, string InstanceId)? after)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filters = new List<FilterDefinition<BsonDocument>>();
        if (query.Statuses is { Count: > 0 } statuses)
        {
            filters.Add(Filter.In(InstanceDocument.Status, statuses.Select(s => s.ToString()).Distinct().Order(StringComparer.Ordinal)));
        }

        if (query.Name is not null)
        {
            filters.Add(Filter.Eq(InstanceDocument.Name, query.Name));
        }

        if (!string.IsNullOrEmpty(query.InstanceIdPrefix))
        {
            filters.Add(Filter.Regex(InstanceDocument.Id, new BsonRegularExpression("^" + EscapeRegex(query.InstanceIdPrefix))));
        }

        if (query.CreatedFrom is { } from)
        {
            filters.Add(Filter.Gte(InstanceDocument.CreatedAt, BsonFields.ToBsonDate(from)));
        }

        if (query.CreatedTo is { } to)
        {
            filters.Add(Filter.Lt(InstanceDocument.CreatedAt, BsonFields.ToBsonDate(to)));
        }

        if (query.CompletedFrom is { } completedFrom)
        {
            filters.Add(Filter.Gte(InstanceDocument.CompletedAt, BsonFields.ToBsonDate(completedFrom)));
        }

        if (query.CompletedTo is { } completedTo)
        {
            filters.Add(Filter.Lt(InstanceDocument.CompletedAt, BsonFields.ToBsonDate(completedTo)));
        }

        if (query.ParentInstanceId is not null)
        {
            filters.Add(Filter.Eq(InstanceDocument.ParentInstanceId, query.ParentInstanceId));
        }

        if (after is { } point)
        {
            var created = BsonFields.ToBsonDate(point.CreatedAt);
            filters.Add(Filter.Or(
                Filter.Gt(InstanceDocument.CreatedAt, created),
                Filter.And(Filter.Eq(InstanceDocument.CreatedAt, created), Filter.Gt(InstanceDocument.Id, point.InstanceId))));
        }

        return filters.Count == 0 ? Filter.Empty : Filter.And(filters);
    }

    public static SortDefinition<BsonDocument> ListOrder => Sort.Ascending(InstanceDocument.CreatedAt).Ascending(InstanceDocument.Id);

    /// <summary>
    /// A regular expression matching <paramref name="literal"/> exactly: every ASCII character that is not a letter
    /// or digit is escaped with a backslash (always a literal in PCRE); other characters stand for themselves.
    /// </summary>
    public static string EscapeRegex(string literal)
    {
        var escaped = new StringBuilder(literal.Length * 2);
        foreach (var c in literal)
        {
            if (c < 128 && !char.IsAsciiLetterOrDigit(c))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    // ---- history ----

    /// <summary>The chunks a reader considers: the execution's, at or below the committed revision.</summary>
    public static FilterDefinition<BsonDocument> ChunksOfExecution(string instanceId, string executionId, long maxRevision) =>
        Filter.And(
            Filter.Eq(ChunkDocument.InstanceId, instanceId),
            Filter.Eq(ChunkDocument.ExecutionId, executionId),
            Filter.Lte(ChunkDocument.Revision, maxRevision));

    public static SortDefinition<BsonDocument> ChunkOrder => Sort.Ascending(ChunkDocument.Revision).Ascending(ChunkDocument.Part);

    /// <summary>A lost commit's chunks.</summary>
    public static FilterDefinition<BsonDocument> ChunksOfCommit(string instanceId, string commitId) =>
        Filter.And(Filter.Eq(ChunkDocument.InstanceId, instanceId), Filter.Eq(ChunkDocument.CommitId, commitId));

    /// <summary>Leftover chunks a reader found: only at or below the revision it read, so nothing in flight is touched.</summary>
    public static FilterDefinition<BsonDocument> GarbageChunks(string instanceId, IEnumerable<string> commitIds, long maxRevision) =>
        Filter.And(
            Filter.Eq(ChunkDocument.InstanceId, instanceId),
            Filter.In(ChunkDocument.CommitId, commitIds),
            Filter.Lte(ChunkDocument.Revision, maxRevision));

    /// <summary>After a new execution began: the chunks of every other execution.</summary>
    public static FilterDefinition<BsonDocument> ChunksOfOtherExecutions(string instanceId, string executionId) =>
        Filter.And(Filter.Eq(ChunkDocument.InstanceId, instanceId), Filter.Ne(ChunkDocument.ExecutionId, executionId));

    public static FilterDefinition<BsonDocument> ChunksOfInstance(string instanceId) => Filter.Eq(ChunkDocument.InstanceId, instanceId);

    // ---- outbox ----

    /// <summary>A writer marks its own entries ready by id (after its compare-and-set succeeded).</summary>
    public static FilterDefinition<BsonDocument> PendingEntries(IEnumerable<string> entryIds) =>
        Filter.And(Filter.In(OutboxDocument.DocumentId, entryIds), Filter.Eq(OutboxDocument.StateField, OutboxDocument.PendingValue));

    /// <summary>Recovery marks or deletes the pending entries of whole commits.</summary>
    public static FilterDefinition<BsonDocument> PendingEntriesOfCommits(IEnumerable<string> commitIds) =>
        Filter.And(Filter.In(OutboxDocument.CommitIdField, commitIds), Filter.Eq(OutboxDocument.StateField, OutboxDocument.PendingValue));

    public static UpdateDefinition<BsonDocument> MarkReady => Update.Set(OutboxDocument.StateField, OutboxDocument.ReadyValue);

    /// <summary>A lost commit's entries (only while still pending: a ready entry is never deleted here).</summary>
    public static FilterDefinition<BsonDocument> PendingEntriesOfCommit(string commitId) =>
        PendingEntriesOfCommits([commitId]);

    /// <summary>Entries a relay may take now: ready and due.</summary>
    public static FilterDefinition<BsonDocument> DueEntries(DateTime now) =>
        Filter.And(
            Filter.Eq(OutboxDocument.StateField, OutboxDocument.ReadyValue),
            Filter.Lte(OutboxDocument.VisibleAtField, BsonFields.ToBsonDate(now)));

    public static SortDefinition<BsonDocument> DueOrder => Sort.Ascending(OutboxDocument.VisibleAtField).Ascending(OutboxDocument.DocumentId);

    public static FilterDefinition<BsonDocument> ReadyEntries => Filter.Eq(OutboxDocument.StateField, OutboxDocument.ReadyValue);

    /// <summary>The claim: only entries still ready and due, so two relays never both claim one while its claim lasts.</summary>
    public static FilterDefinition<BsonDocument> Claimable(IEnumerable<string> entryIds, DateTime now) =>
        Filter.And(Filter.In(OutboxDocument.DocumentId, entryIds), DueEntries(now));

    /// <summary>Hides claimed entries from other relays until <paramref name="until"/> and tags them with the claim token.</summary>
    public static UpdateDefinition<BsonDocument> Claim(string token, DateTime until)
    {
        var (date, subMillisecond) = BsonFields.ToBsonTime(until);
        var ticksField = OutboxDocument.VisibleAtField + BsonFields.TicksSuffix;
        return Update.Combine(
            Update.Set(OutboxDocument.VisibleAtField, date),
            subMillisecond == 0 ? Update.Unset(ticksField) : Update.Set(ticksField, subMillisecond),
            Update.Set(OutboxDocument.ClaimField, token));
    }

    public static FilterDefinition<BsonDocument> ClaimedBy(IEnumerable<string> entryIds, string token) =>
        Filter.And(Filter.In(OutboxDocument.DocumentId, entryIds), Filter.Eq(OutboxDocument.ClaimField, token));

    public static FilterDefinition<BsonDocument> EntriesById(IEnumerable<string> entryIds) => Filter.In(OutboxDocument.DocumentId, entryIds);

    /// <summary>The messages addressed to an instance (purge deletes its leftover messages, like timers).</summary>
    public static FilterDefinition<BsonDocument> EntriesForInstance(string instanceId) => Filter.Eq(MessageInstanceId, instanceId);

    /// <summary>The path of a message's target instance in an outbox document.</summary>
    public const string MessageInstanceId = OutboxDocument.MessageField + "." + EventBson.InstanceId;

    /// <summary>
    /// Recovery's query: pending entries older than <paramref name="writtenBefore"/>, grouped by commit (all entries
    /// of a commit share its instance, revision and write time), oldest first.
    /// </summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> StalePendingCommits(DateTime writtenBefore, int maxCommits) =>
        new EmptyPipelineDefinition<BsonDocument>()
            .Match(Filter.And(
                Filter.Eq(OutboxDocument.StateField, OutboxDocument.PendingValue),
                Filter.Lte(OutboxDocument.WrittenAtField, BsonFields.ToBsonDate(writtenBefore))))
            .Group(new BsonDocument
            {
                { "_id", "$" + OutboxDocument.CommitIdField },
                { OutboxDocument.InstanceIdField, new BsonDocument("$first", "$" + OutboxDocument.InstanceIdField) },
                { OutboxDocument.RevisionField, new BsonDocument("$first", "$" + OutboxDocument.RevisionField) },
                { OutboxDocument.WrittenAtField, new BsonDocument("$min", "$" + OutboxDocument.WrittenAtField) },
            })
            .Sort(Builders<BsonDocument>.Sort.Ascending(OutboxDocument.WrittenAtField).Ascending("_id"))
            .Limit(maxCommits);

    // ---- indexes ----

    /// <summary>Status, name, creation-time and parent (a recursive purge's children) queries with paging (sorted by creation time, then id).</summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> InstanceIndexes =>
    [
        Index(Keys.Ascending(InstanceDocument.Status).Ascending(InstanceDocument.CreatedAt).Ascending(InstanceDocument.Id), "status_createdAt"),
        Index(Keys.Ascending(InstanceDocument.Name).Ascending(InstanceDocument.CreatedAt).Ascending(InstanceDocument.Id), "name_createdAt"),
        Index(Keys.Ascending(InstanceDocument.CreatedAt).Ascending(InstanceDocument.Id), "createdAt"),
        Index(Keys.Ascending(InstanceDocument.ParentInstanceId).Ascending(InstanceDocument.CreatedAt).Ascending(InstanceDocument.Id), "parent_createdAt"),
    ];

    /// <summary>History by (instance, execution, revision, part): the reader's query and every cleanup by instance.</summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> HistoryIndexes =>
    [
        Index(Keys.Ascending(ChunkDocument.InstanceId).Ascending(ChunkDocument.ExecutionId).Ascending(ChunkDocument.Revision).Ascending(ChunkDocument.Part),
            "instance_execution_revision"),
    ];

    /// <summary>
    /// Due entries by state and time (the relay's claims and durable timers); entries by target instance (purge); pending
    /// entries by write time and by commit (recovery) in partial indexes that hold only entries in flight.
    /// </summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> OutboxIndexes =>
    [
        Index(Keys.Ascending(OutboxDocument.StateField).Ascending(OutboxDocument.VisibleAtField).Ascending(OutboxDocument.DocumentId), "state_visibleAt"),
        Index(Keys.Ascending(MessageInstanceId), "messageInstanceId"),
        Index(Keys.Ascending(OutboxDocument.WrittenAtField), "pending_writtenAt", Filter.Eq(OutboxDocument.StateField, OutboxDocument.PendingValue)),
        Index(Keys.Ascending(OutboxDocument.CommitIdField), "pending_commitId", Filter.Eq(OutboxDocument.StateField, OutboxDocument.PendingValue)),
    ];

    public static IReadOnlyList<CreateIndexModel<BsonDocument>> DeadLetterIndexes =>
    [
        Index(Keys.Ascending(DeadLetter.InstanceId), "instanceId"),
    ];

    private static CreateIndexModel<BsonDocument> Index(IndexKeysDefinition<BsonDocument> keys, string name, FilterDefinition<BsonDocument>? partial = null) =>
        new(keys, new CreateIndexOptions<BsonDocument> { Name = name, PartialFilterExpression = partial });
}

/// <summary>Fields of <c>&lt;hub&gt;.deadLetters</c>: outbox documents that could not be decoded, kept with the reason.</summary>
internal static class DeadLetter
{
    public const string InstanceId = "instanceId";
    public const string Reason = "reason";
    public const string DeadAt = "deadAt";
    public const string Document = "document";
}
