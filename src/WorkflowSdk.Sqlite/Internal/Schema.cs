namespace WorkflowSdk.Sqlite.Internal;

/// <summary>
/// The tables of one WorkflowSdk SQLite file. Times are stored as UTC ticks.
/// <list type="bullet">
/// <item><c>instances</c>: one row per instance (its current execution), with the optimistic-concurrency <c>revision</c>.</item>
/// <item><c>history</c>: one row per committed episode, keyed by (instance, revision): the encoded events.</item>
/// <item><c>messages</c>: the durable queues (and, with a separate transport, the outbox). A message is due at
/// <c>visible_at</c>: durable timers are messages due in the future. Activity calls are leased by moving
/// <c>visible_at</c> forward under a <c>lock_token</c>.</item>
/// <item><c>instance_locks</c>: which worker holds an instance's messages, until when.</item>
/// <item><c>dead_letters</c>: messages given up on, with the reason.</item>
/// </list>
/// </summary>
internal static class Schema
{
    public const int OrchestrationQueue = 0;
    public const int ActivityQueue = 1;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS instances (
            instance_id        TEXT    NOT NULL PRIMARY KEY,
            name               TEXT    NOT NULL,
            version            TEXT,
            execution_id       TEXT    NOT NULL,
            status             INTEGER NOT NULL,
            created_at         INTEGER NOT NULL,
            updated_at         INTEGER NOT NULL,
            completed_at       INTEGER,
            input              BLOB,
            output             BLOB,
            custom_status      BLOB,
            failure            BLOB,
            parent_instance_id TEXT,
            revision           INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_instances_created ON instances (created_at, instance_id);
        CREATE INDEX IF NOT EXISTS ix_instances_status ON instances (status, created_at, instance_id);
        CREATE INDEX IF NOT EXISTS ix_instances_name ON instances (name, created_at, instance_id);
        CREATE INDEX IF NOT EXISTS ix_instances_parent ON instances (parent_instance_id, created_at, instance_id)
            WHERE parent_instance_id IS NOT NULL;

        CREATE TABLE IF NOT EXISTS history (
            instance_id  TEXT    NOT NULL,
            revision     INTEGER NOT NULL,
            execution_id TEXT    NOT NULL,
            events       BLOB    NOT NULL,
            PRIMARY KEY (instance_id, revision)
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS messages (
            id             INTEGER PRIMARY KEY AUTOINCREMENT,
            queue          INTEGER NOT NULL,
            instance_id    TEXT    NOT NULL,
            visible_at     INTEGER NOT NULL,
            lock_token     TEXT,
            delivery_count INTEGER NOT NULL DEFAULT 0,
            body           BLOB    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_messages_due ON messages (queue, visible_at);
        CREATE INDEX IF NOT EXISTS ix_messages_instance ON messages (instance_id, queue, visible_at);

        CREATE TABLE IF NOT EXISTS instance_locks (
            instance_id  TEXT    NOT NULL PRIMARY KEY,
            lock_token   TEXT    NOT NULL,
            locked_until INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS dead_letters (
            id             INTEGER PRIMARY KEY AUTOINCREMENT,
            queue          INTEGER NOT NULL,
            instance_id    TEXT    NOT NULL,
            reason         TEXT    NOT NULL,
            dead_at        INTEGER NOT NULL,
            delivery_count INTEGER NOT NULL,
            body           BLOB    NOT NULL
        );
        """;
}
