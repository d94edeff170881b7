namespace WorkflowSdk.Sqlite;

/// <summary>Settings of a <see cref="SqliteBackend"/>.</summary>
public sealed class SqliteBackendOptions
{
    /// <summary>
    /// How long a worker holds an instance's messages or an activity call before another worker may take them
    /// (after a crash). Running activities renew it. Default 30 s.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest a waiting receiver sleeps before looking again for work written by other processes (work written
    /// through this backend object wakes receivers at once). Default 100 ms.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The most messages of one instance handed out in one work item. Default 1,000.</summary>
    public int MaxMessagesPerWorkItem { get; set; } = 1000;

    /// <summary>
    /// Whether every commit is flushed to disk (<c>synchronous=FULL</c>): durable against power loss. The default,
    /// <see langword="false"/> (<c>synchronous=NORMAL</c> in WAL mode), is durable against process crashes and much
    /// faster; a power cut may lose the last commits.
    /// </summary>
    public bool FlushEveryCommit { get; set; }

    /// <summary>How long a write waits for another process's write lock before failing. Default 30 s.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock (replaceable in tests). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks every setting and returns one message per problem, each starting with the setting's name.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        Check(errors, LeaseDuration > TimeSpan.Zero, nameof(LeaseDuration), "must be positive", LeaseDuration);
        Check(errors, PollInterval > TimeSpan.Zero, nameof(PollInterval), "must be positive", PollInterval);
        Check(errors, MaxMessagesPerWorkItem > 0, nameof(MaxMessagesPerWorkItem), "must be positive", MaxMessagesPerWorkItem);
        Check(errors, BusyTimeout >= TimeSpan.Zero, nameof(BusyTimeout), "must not be negative", BusyTimeout);
        Check(errors, TimeProvider is not null, nameof(TimeProvider), "must be set", "null");
        return errors;
    }

    internal void Validate()
    {
        var errors = GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"SqliteBackendOptions.{errors[0]}", errors[0].Split(' ', 2)[0]);
        }
    }

    private static void Check(List<string> errors, bool condition, string setting, string rule, object? actual)
    {
        if (!condition)
        {
            errors.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{setting} {rule} (it is {actual})."));
        }
    }
}
