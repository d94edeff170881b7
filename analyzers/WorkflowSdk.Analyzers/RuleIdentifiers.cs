namespace WorkflowSdk.Analyzers;

/// <summary>
/// The catalog of diagnostic ids. Ids are never reused: a retired rule keeps its number.
/// WF0001-WF0099 are orchestration-determinism rules; WF0100+ is reserved for other analyzers
/// (e.g. activity and registration checks). The source generator's diagnostics have their own prefix,
/// WFG0001-WFG0012 (<c>generators/WorkflowSdk.Generators/DiagnosticDescriptors.cs</c>).
/// </summary>
public static class RuleIdentifiers
{
    /// <summary>The system clock: DateTime.Now/UtcNow/Today, DateTimeOffset.Now/UtcNow, TimeProvider, Stopwatch, Environment.TickCount.</summary>
    public const string SystemClock = "WF0001";

    /// <summary>Random values and new GUIDs: Guid.NewGuid, Guid.CreateVersion7, Random, RandomNumberGenerator.</summary>
    public const string Randomness = "WF0002";

    /// <summary>Non-durable delays, timers and wall-clock timeouts: Thread.Sleep, Task.Delay, SpinWait, timers, WaitAsync(TimeSpan), CancelAfter.</summary>
    public const string NonDurableDelay = "WF0003";

    /// <summary>await inside a catch or finally block.</summary>
    public const string AwaitInCatchOrFinally = "WF0004";

    /// <summary>Threads and other schedulers: Task.Run, Task.Factory.StartNew, Thread, ThreadPool, Parallel, Task.Yield in loops.</summary>
    public const string Threading = "WF0005";

    /// <summary>ConfigureAwait(false) in orchestration code.</summary>
    public const string ConfigureAwait = "WF0006";

    /// <summary>Blocking: .Result, .Wait(), .GetAwaiter().GetResult(), Task.WaitAll/WaitAny, lock, SemaphoreSlim.</summary>
    public const string Blocking = "WF0007";

    /// <summary>I/O and environment: files, network, databases, console input, environment variables, processes.</summary>
    public const string InputOutput = "WF0008";

    /// <summary>Awaiting a task that did not come from the orchestration context.</summary>
    public const string NonContextAwait = "WF0009";

    /// <summary>Reading or writing static mutable fields and properties.</summary>
    public const string StaticMutableState = "WF0010";

    /// <summary>Randomized hash codes and hash-ordered enumeration.</summary>
    public const string HashRandomization = "WF0011";

    /// <summary>Host-dependent values: local time zone, current culture, configuration, AsyncLocal.</summary>
    public const string HostDependentValue = "WF0012";

    /// <summary>Logging through a logger that is not replay-safe (or writing to the console).</summary>
    public const string ReplaySafeLogger = "WF0013";

    /// <summary>async void methods and lambdas in orchestration code.</summary>
    public const string AsyncVoid = "WF0014";
}
