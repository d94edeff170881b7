using MongoDB.Bson;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.MongoDB.Internal.Documents;
using WorkflowSdk.MongoDB.Internal.Protocol;

namespace WorkflowSdk.MongoDB.Tests.Protocol;

/// <summary>
/// The three collections of one instance held in memory, changed step by step the way the store's commands change
/// them (the commands themselves are pinned by <see cref="RenderedCommandTests"/>). Tests stop a commit after any
/// step, interleave two writers, and then ask what a reader, the relay and outbox recovery make of the documents,
/// using the store's own pure functions (<see cref="CommitProtocol.Plan"/>, <see cref="HistoryAssembler"/>,
/// <see cref="OutboxRecovery"/>).
/// </summary>
internal sealed class ProtocolModel
{
    public static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
    public static readonly TimeSpan OrphanTimeout = TimeSpan.FromMinutes(10);

    private int _nextCommit;

    public ProtocolModel(string instanceId = "i") => InstanceId = instanceId;

    public string InstanceId { get; }

    /// <summary>The instance document's protocol fields (<see langword="null"/>: no document).</summary>
    public InstanceHead? Instance { get; private set; }

    public List<BsonDocument> Chunks { get; } = [];

    public List<OutboxDocument> Outbox { get; } = [];

    public int MaxChunkBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>What a writer plans after reading the instance now (its head may be stale by the time it writes).</summary>
    public CommitPlan Plan(string marker, long expected, int messages = 1, bool newExecution = false, bool noEvents = false, bool transactional = false,
        string? executionId = null)
    {
        var commit = new EpisodeCommit
        {
            Instance = Record(executionId ?? (newExecution ? $"exec-{marker}" : Instance?.ExecutionId ?? "exec-1")),
            ExpectedRevision = expected,
            StartsNewExecution = newExecution,
            NewEvents = noEvents ? [] : HistorySamples.Episode(marker),
            Outbox = Enumerable.Range(0, messages).Select(i => Message($"{marker}-{i}")).ToList(),
            OutboxClaimDuration = TimeSpan.FromSeconds(30),
        };
        return CommitProtocol.Plan(commit, Instance, $"c{++_nextCommit}-{marker}", Now, MaxChunkBytes, transactional);
    }

    // ---- the writer's steps ----

    public void WriteSideDocuments(CommitPlan plan)
    {
        Chunks.AddRange(plan.Chunks);
        Outbox.AddRange(plan.Outbox);
    }

    /// <summary>The single-document commit point: an insert for revision 0, else a compare-and-set on the revision.</summary>
    public bool CompareAndSet(CommitPlan plan)
    {
        var record = plan.NewInstance.Record;
        if (plan.CreatesInstance)
        {
            if (Instance is not null)
            {
                return false;
            }

            Instance = InstanceHead.Of(plan.NewInstance);
            return true;
        }

        if (Instance is null || Instance.Revision != plan.ExpectedRevision)
        {
            return false;
        }

        Instance = Instance with
        {
            Revision = plan.NewRevision,
            ExecutionId = record.ExecutionId,
            Status = record.Status,
            HistoryHead = plan.Head switch
            {
                HeadChange.Set => plan.CommitId,
                HeadChange.Clear => null,
                _ => Instance.HistoryHead,
            },
            OutboxCommits = plan.TracksOutbox ? [.. Instance.OutboxCommits, plan.CommitId] : Instance.OutboxCommits,
        };
        return true;
    }

    public void CleanUp(CommitPlan plan)
    {
        Chunks.RemoveAll(c => c["commitId"] == plan.CommitId);
        Outbox.RemoveAll(e => e.CommitId == plan.CommitId && e.State == OutboxState.Pending);
    }

    public void DropOtherExecutions(CommitPlan plan) => Chunks.RemoveAll(c => c["executionId"] != plan.NewInstance.Record.ExecutionId);

    public void MarkReady(CommitPlan plan) => MarkReady([plan.CommitId]);

    public void Forget(CommitPlan plan) => Instance = Instance! with { OutboxCommits = Instance.OutboxCommits.Where(c => c != plan.CommitId).ToList() };

    /// <summary>A whole commit as <see cref="MongoDBStore"/> runs it.</summary>
    public bool Commit(CommitPlan plan)
    {
        WriteSideDocuments(plan);
        if (!CompareAndSet(plan))
        {
            CleanUp(plan);
            return false;
        }

        if (plan.DropsOtherExecutions)
        {
            DropOtherExecutions(plan);
        }

        if (plan.TracksOutbox)
        {
            MarkReady(plan);
            Forget(plan);
        }

        return true;
    }

    // ---- what others see ----

    /// <summary>What <see cref="MongoDBStore.LoadHistoryAsync"/> returns: the instance's chain, decoded.</summary>
    public (IReadOnlyList<string> Markers, AssembledHistory Assembled) Read()
    {
        var instance = Instance ?? throw new InvalidOperationException("no instance");
        var candidates = Chunks
            .Where(c => c["executionId"] == instance.ExecutionId && c["revision"].ToInt64() <= instance.Revision)
            .ToList();
        var assembled = HistoryAssembler.Assemble(instance, candidates.Select(ChunkDocument.HeaderFromBson));
        var byId = candidates.ToDictionary(c => c["_id"].AsString);
        var markers = assembled.Accepted
            .SelectMany(h => ChunkDocument.EventsFromBson(byId[h.Id]))
            .OfType<EventRaisedEvent>()
            .Select(e => e.Name)
            .ToList();
        return (markers, assembled);
    }

    /// <summary>What the relay can claim: ready entries (all are due in this model).</summary>
    public IReadOnlyList<string> Publishable() => Outbox.Where(e => e.State == OutboxState.Ready).Select(e => e.Message.MessageId).ToList();

    /// <summary>One run of outbox recovery, as <see cref="MongoDBStore.RecoverOutboxAsync"/> does it.</summary>
    public (int Marked, int Discarded) Recover(DateTime now)
    {
        var pending = Outbox.Where(e => e.State == OutboxState.Pending)
            .GroupBy(e => e.CommitId)
            .Select(g => new PendingCommit(g.Key, g.First().InstanceId, g.First().Revision, g.Min(e => e.WrittenAt)))
            .ToList();
        var marked = 0;
        var discarded = 0;
        foreach (var commit in pending)
        {
            switch (OutboxRecovery.Decide(commit, Instance, now, OrphanTimeout))
            {
                case PendingOutboxDecision.MarkReady:
                    MarkReady([commit.CommitId]);
                    Instance = Instance! with { OutboxCommits = Instance.OutboxCommits.Where(c => c != commit.CommitId).ToList() };
                    marked++;
                    break;
                case PendingOutboxDecision.Discard:
                    Outbox.RemoveAll(e => e.CommitId == commit.CommitId && e.State == OutboxState.Pending);
                    discarded++;
                    break;
            }
        }

        return (marked, discarded);
    }

    private void MarkReady(IReadOnlyCollection<string> commitIds)
    {
        for (var i = 0; i < Outbox.Count; i++)
        {
            if (commitIds.Contains(Outbox[i].CommitId) && Outbox[i].State == OutboxState.Pending)
            {
                Outbox[i] = Outbox[i] with { State = OutboxState.Ready };
            }
        }
    }

    private InstanceRecord Record(string executionId) => new()
    {
        InstanceId = InstanceId,
        Name = "Flow",
        ExecutionId = executionId,
        Status = OrchestrationRuntimeStatus.Running,
        CreatedAt = Now,
        LastUpdatedAt = Now,
    };

    private WorkMessage Message(string id) => new()
    {
        MessageId = id,
        InstanceId = "elsewhere",
        Event = new EventRaisedEvent { Timestamp = Now, Name = id },
    };
}
