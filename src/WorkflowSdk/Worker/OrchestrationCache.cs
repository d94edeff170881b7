using WorkflowSdk.Replay;

namespace WorkflowSdk.Worker;

/// <summary>
/// Recently run orchestration executors, kept between episodes (least recently used evicted first) so a new
/// message resumes the suspended coroutine instead of replaying the whole history.
/// </summary>
/// <remarks>
/// An entry is only reused when the instance's stored revision is still the one the entry committed: if
/// another worker advanced the instance meanwhile, the entry is stale and dropped.
/// </remarks>
internal sealed class OrchestrationCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _lru = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Takes the executor of <paramref name="instanceId"/> out of the cache if it is at <paramref name="revision"/>.</summary>
    public OrchestrationExecutor? TryTake(string instanceId, long revision)
    {
        lock (_lock)
        {
            if (!_entries.Remove(instanceId, out var node))
            {
                return null;
            }

            _lru.Remove(node);
            return node.Value.Revision == revision ? node.Value.Executor : null;
        }
    }

    /// <summary>Keeps an executor that has committed up to <paramref name="revision"/>.</summary>
    public void Put(string instanceId, OrchestrationExecutor executor, long revision)
    {
        if (capacity == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.Remove(instanceId, out var existing))
            {
                _lru.Remove(existing);
            }

            _entries[instanceId] = _lru.AddFirst(new Entry(instanceId, executor, revision));
            while (_entries.Count > capacity)
            {
                var oldest = _lru.Last!;
                _lru.RemoveLast();
                _entries.Remove(oldest.Value.InstanceId);
            }
        }
    }

    public void Remove(string instanceId)
    {
        lock (_lock)
        {
            if (_entries.Remove(instanceId, out var node))
            {
                _lru.Remove(node);
            }
        }
    }

    private sealed record Entry(string InstanceId, OrchestrationExecutor Executor, long Revision);
}
