namespace WorkflowSdk.Replay;

/// <summary>
/// The single-threaded, deterministic scheduler that orchestration code runs on. Every continuation of
/// an <c>await</c> inside orchestration code is queued here and run, in order, by the engine's thread in
/// <see cref="RunUntilIdle"/>; nothing runs inline and nothing runs on the thread pool. Given the same
/// sequence of completed tasks, the code therefore takes the same path every time it is replayed.
/// </summary>
internal sealed class OrchestrationTaskScheduler : TaskScheduler
{
    // Guarded by a lock only because misbehaving user code (e.g. an awaited Task.Delay) can queue from
    // a pool thread; the engine itself only ever touches it from one thread.
    private readonly Queue<Task> _queue = new();
    private readonly Lock _lock = new();
    private int _engineThread;
    private int _outOfBand;

    /// <summary>
    /// Called (once, on the foreign thread) when a continuation is queued from outside the engine's turn: the
    /// orchestration awaited something that is not a durable task (Task.Delay, CancelAsync, I/O...).
    /// </summary>
    public Action? OutOfBandWork { get; set; }

    /// <summary>Whether a continuation was ever queued from outside the engine's turn.</summary>
    public bool SawOutOfBandWork => Volatile.Read(ref _outOfBand) != 0;

    /// <summary>Marks the calling thread as the engine's for the duration of a turn (replay or episode).</summary>
    /// <returns>A scope that ends the turn.</returns>
    public EngineTurn BeginTurn()
    {
        Volatile.Write(ref _engineThread, Environment.CurrentManagedThreadId);
        return new EngineTurn(this);
    }

    /// <summary>The maximum concurrency is one: orchestration code never runs in parallel with itself.</summary>
    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Starts <paramref name="function"/> on this scheduler (it runs on the next <see cref="RunUntilIdle"/>).</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="function">The orchestration entry point.</param>
    /// <returns>The task of the whole orchestration.</returns>
    public Task<T> Start<T>(Func<Task<T>> function) =>
        Task.Factory.StartNew(function, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this).Unwrap();

    /// <summary>Runs queued continuations until none is left.</summary>
    public void RunUntilIdle()
    {
        // Orchestration code must capture this scheduler, not a caller's synchronization context.
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            while (TryDequeue(out var task))
            {
                TryExecuteTask(task);
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <inheritdoc/>
    protected override void QueueTask(Task task)
    {
        lock (_lock)
        {
            _queue.Enqueue(task);
        }

        if (Volatile.Read(ref _engineThread) != Environment.CurrentManagedThreadId && Interlocked.Exchange(ref _outOfBand, 1) == 0)
        {
            OutOfBandWork?.Invoke();
        }
    }

    /// <inheritdoc/>
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    /// <inheritdoc/>
    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_lock)
        {
            return _queue.ToArray();
        }
    }

    /// <summary>The engine's turn on this scheduler; disposing it ends the turn.</summary>
    internal readonly struct EngineTurn(OrchestrationTaskScheduler scheduler) : IDisposable
    {
        public void Dispose() => Volatile.Write(ref scheduler._engineThread, 0);
    }

    private bool TryDequeue(out Task task)
    {
        lock (_lock)
        {
            return _queue.TryDequeue(out task!);
        }
    }
}
