using Microsoft.Extensions.Logging;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.Sqlite.Internal;

namespace WorkflowSdk.Sqlite;

/// <summary>The transport: leasing an instance's messages and single activity calls out of the <c>messages</c> table.</summary>
public sealed partial class SqliteBackend
{
    // Oldest due messages first; the caller reads until it has enough distinct instances.
    private const string FindUnlockedInstances =
        "SELECT m.instance_id FROM messages m " +
        "WHERE m.queue = 0 AND m.visible_at <= $now " +
        "AND NOT EXISTS (SELECT 1 FROM instance_locks l WHERE l.instance_id = m.instance_id AND l.locked_until > $now) " +
        "ORDER BY m.visible_at";

    private const string FindDueActivities =
        "SELECT id, delivery_count, body, instance_id FROM messages WHERE queue = 1 AND visible_at <= $now ORDER BY visible_at LIMIT $max";

    private const string LockInstance =
        "INSERT INTO instance_locks (instance_id, lock_token, locked_until) VALUES ($id, $token, $until) " +
        "ON CONFLICT (instance_id) DO UPDATE SET lock_token = excluded.lock_token, locked_until = excluded.locked_until " +
        "WHERE instance_locks.locked_until <= $now";

    /// <inheritdoc/>
    public Task<OrchestrationWorkItem?> ReceiveOrchestrationWorkItemAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
        _orchestrationDispenser.ReceiveAsync(maxWait, cancellationToken);

    /// <inheritdoc/>
    public Task<ActivityWorkItem?> ReceiveActivityWorkItemAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
        _activityDispenser.ReceiveAsync(maxWait, cancellationToken);

    /// <summary>Counts the due messages of each queue (activity calls being run are leased into the future, so not counted).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The counts.</returns>
    public Task<TransportBacklog?> GetBacklogAsync(CancellationToken cancellationToken) =>
        _database.ReadAsync(connection =>
        {
            var command = connection.Command("SELECT queue, COUNT(*) FROM messages WHERE visible_at <= $now GROUP BY queue");
            command.Parameters.AddWithValue("$now", NowTicks);
            long orchestration = 0, activity = 0;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (reader.GetInt32(0) == Schema.OrchestrationQueue)
                {
                    orchestration = reader.GetInt64(1);
                }
                else if (reader.GetInt32(0) == Schema.ActivityQueue)
                {
                    activity = reader.GetInt64(1);
                }
            }

            return (TransportBacklog?)new TransportBacklog(orchestration, activity);
        }, cancellationToken);

    private Task<DateTime?> NextDueAsync(int queue, CancellationToken cancellationToken) =>
        _database.ReadAsync(connection =>
        {
            var command = connection.Command("SELECT MIN(visible_at) FROM messages WHERE queue = $queue AND visible_at > $now");
            command.Parameters.AddWithValue("$queue", queue);
            command.Parameters.AddWithValue("$now", NowTicks);
            return command.ExecuteScalar() is long ticks ? new DateTime(ticks, DateTimeKind.Utc) : (DateTime?)null;
        }, cancellationToken);

    /// <summary>Up to <paramref name="max"/> unlocked instances with due messages, oldest first (read only: no write lock).</summary>
    private static List<string> FindUnlocked(PooledConnection connection, long now, int max)
    {
        var found = new List<string>(max);
        var command = connection.Command(FindUnlockedInstances);
        command.Parameters.AddWithValue("$now", now);
        using var reader = command.ExecuteReader();
        while (found.Count < max && reader.Read())
        {
            var instanceId = reader.GetString(0);
            if (!found.Contains(instanceId))
            {
                found.Add(instanceId);
            }
        }

        return found;
    }

    /// <summary>
    /// Leases up to <paramref name="max"/> instances. When the last attempt found nothing, a read transaction looks
    /// first, so that an idle worker never queues for the write lock; under load it goes straight to the write.
    /// </summary>
    private async Task<IReadOnlyList<OrchestrationWorkItem>> LeaseInstancesAsync(int max, bool lookFirst, CancellationToken cancellationToken)
    {
        if (lookFirst && (await _database.ReadAsync(connection => FindUnlocked(connection, NowTicks, 1), cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            return [];
        }

        return await _database.WriteAsync<IReadOnlyList<OrchestrationWorkItem>>(connection =>
        {
            var now = NowTicks;
            var items = new List<OrchestrationWorkItem>();
            foreach (var instanceId in FindUnlocked(connection, now, max))
            {
                if (LeaseInstance(connection, instanceId, now) is { } item)
                {
                    items.Add(item);
                }
            }

            return items;
        }, cancellationToken).ConfigureAwait(false);
    }

    private SqliteOrchestrationWorkItem? LeaseInstance(PooledConnection connection, string instanceId, long now)
    {
        var token = NewLockToken();
        var lockCommand = connection.Command(LockInstance);
        lockCommand.Parameters.AddWithValue("$id", instanceId);
        lockCommand.Parameters.AddWithValue("$token", token);
        lockCommand.Parameters.AddWithValue("$until", now + _options.LeaseDuration.Ticks);
        lockCommand.Parameters.AddWithValue("$now", now);
        if (lockCommand.ExecuteNonQuery() != 1)
        {
            return null;
        }

        var rows = new List<(long Id, int Deliveries, byte[] Body)>();
        var select = connection.Command(
            "SELECT id, delivery_count, body FROM messages WHERE instance_id = $id AND queue = 0 AND visible_at <= $now " +
            "ORDER BY visible_at, id LIMIT $max");
        select.Parameters.AddWithValue("$id", instanceId);
        select.Parameters.AddWithValue("$now", now);
        select.Parameters.AddWithValue("$max", _options.MaxMessagesPerWorkItem);
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetInt32(1) + 1, (byte[])reader.GetValue(2)));
            }
        }

        var ids = new List<long>(rows.Count);
        var messages = new List<WorkMessage>(rows.Count);
        var deliveries = 0;
        foreach (var (id, count, body) in rows)
        {
            if (!TryDecode(body, out var message))
            {
                // Bad bytes never reach the engine; they are kept for inspection and the instance is told.
                QuarantineUndecodable(connection, id, instanceId, Schema.OrchestrationQueue);
                continue;
            }

            ids.Add(id);
            messages.Add(message);
            deliveries = Math.Max(deliveries, count);
        }

        if (messages.Count == 0)
        {
            Unlock(connection, instanceId, token);
            return null;
        }

        var bump = connection.Command("UPDATE messages SET delivery_count = delivery_count + 1 WHERE id IN (SELECT value FROM json_each($ids))");
        bump.Parameters.AddWithValue("$ids", JsonIds(ids));
        bump.ExecuteNonQuery();

        // Read with the messages, in the same transaction: the episode needs it first, and it is consistent with them.
        return new SqliteOrchestrationWorkItem(this, instanceId, token, ids, messages, deliveries, ReadInstance(connection, instanceId));
    }

    /// <summary>Leases up to <paramref name="max"/> activity calls (looking first when the last attempt found nothing).</summary>
    private async Task<IReadOnlyList<ActivityWorkItem>> LeaseActivitiesAsync(int max, bool lookFirst, CancellationToken cancellationToken)
    {
        var any = !lookFirst || await _database.ReadAsync(connection =>
        {
            var command = connection.Command("SELECT 1 FROM messages WHERE queue = 1 AND visible_at <= $now LIMIT 1");
            command.Parameters.AddWithValue("$now", NowTicks);
            return command.ExecuteScalar() is not null;
        }, cancellationToken).ConfigureAwait(false);
        if (!any)
        {
            return [];
        }

        return await _database.WriteAsync<IReadOnlyList<ActivityWorkItem>>(connection =>
        {
            var now = NowTicks;
            var rows = new List<(long Id, int Deliveries, byte[] Body, string InstanceId)>();
            var select = connection.Command(FindDueActivities);
            select.Parameters.AddWithValue("$now", now);
            select.Parameters.AddWithValue("$max", max);
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    rows.Add((reader.GetInt64(0), reader.GetInt32(1) + 1, (byte[])reader.GetValue(2), reader.GetString(3)));
                }
            }

            var items = new List<ActivityWorkItem>(rows.Count);
            foreach (var (id, deliveries, body, instanceId) in rows)
            {
                if (!TryDecode(body, out var message))
                {
                    QuarantineUndecodable(connection, id, instanceId, Schema.ActivityQueue);
                    continue;
                }

                var token = NewLockToken();
                var lease = connection.Command(
                    "UPDATE messages SET visible_at = $until, lock_token = $token, delivery_count = delivery_count + 1 WHERE id = $id");
                lease.Parameters.AddWithValue("$until", now + _options.LeaseDuration.Ticks);
                lease.Parameters.AddWithValue("$token", token);
                lease.Parameters.AddWithValue("$id", id);
                lease.ExecuteNonQuery();
                items.Add(new SqliteActivityWorkItem(this, id, token, message, deliveries));
            }

            return items;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A token unique to this lease: this backend's id and a counter.</summary>
    private string NewLockToken() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_ownerToken}:{Interlocked.Increment(ref _leases)}");

    private static string JsonIds(IReadOnlyList<long> ids) => "[" + string.Join(",", ids) + "]";

    private static void Unlock(PooledConnection connection, string instanceId, string token)
    {
        var command = connection.Command("DELETE FROM instance_locks WHERE instance_id = $id AND lock_token = $token");
        command.Parameters.AddWithValue("$id", instanceId);
        command.Parameters.AddWithValue("$token", token);
        command.ExecuteNonQuery();
    }

    /// <summary>The messages of one instance, leased through <c>instance_locks</c>.</summary>
    internal sealed class SqliteOrchestrationWorkItem : OrchestrationWorkItem
    {
        private readonly SqliteBackend _backend;
        private readonly string _token;
        private readonly IReadOnlyList<long> _ids;

        public SqliteOrchestrationWorkItem(
            SqliteBackend backend, string instanceId, string token, IReadOnlyList<long> ids, IReadOnlyList<WorkMessage> messages, int deliveryCount,
            InstanceRecord? instance)
            : base(instanceId, messages, deliveryCount)
        {
            _backend = backend;
            _token = token;
            _ids = ids;
            PrefetchedInstance = instance;
        }

        public SqliteBackend Backend => _backend;

        /// <summary>Deletes the consumed messages and releases the lock inside the caller's (commit) transaction.</summary>
        internal void AcknowledgeInTransaction(PooledConnection connection)
        {
            var delete = connection.Command("DELETE FROM messages WHERE id IN (SELECT value FROM json_each($ids))");
            delete.Parameters.AddWithValue("$ids", JsonIds(_ids));
            delete.ExecuteNonQuery();
            Unlock(connection, InstanceId, _token);
        }

        internal void MarkCompleted() => IsCompleted = true;

        public override async Task CompleteAsync(CancellationToken cancellationToken)
        {
            if (IsCompleted)
            {
                return;
            }

            await _backend._database.WriteAsync(connection =>
            {
                AcknowledgeInTransaction(connection);
                return 0;
            }, cancellationToken).ConfigureAwait(false);
            IsCompleted = true;
            _backend._orchestrationWork.PulseAll();
        }

        public override async Task AbandonAsync(TimeSpan delay, CancellationToken cancellationToken)
        {
            if (IsCompleted)
            {
                return;
            }

            await _backend._database.WriteAsync(connection =>
            {
                if (delay <= TimeSpan.Zero)
                {
                    Unlock(connection, InstanceId, _token);
                }
                else
                {
                    var command = connection.Command(
                        "UPDATE instance_locks SET locked_until = $until WHERE instance_id = $id AND lock_token = $token");
                    command.Parameters.AddWithValue("$until", _backend.NowTicks + delay.Ticks);
                    command.Parameters.AddWithValue("$id", InstanceId);
                    command.Parameters.AddWithValue("$token", _token);
                    command.ExecuteNonQuery();
                }

                return 0;
            }, cancellationToken).ConfigureAwait(false);
            _backend._orchestrationWork.PulseAll();
        }

        public override async Task DeadLetterAsync(string reason, CancellationToken cancellationToken)
        {
            await _backend._database.WriteAsync(connection =>
            {
                _backend.MoveToDeadLetters(connection, _ids, reason);
                Unlock(connection, InstanceId, _token);
                return 0;
            }, cancellationToken).ConfigureAwait(false);
            IsCompleted = true;
            _backend._orchestrationWork.PulseAll();
        }
    }

    /// <summary>One activity call, leased by moving its <c>visible_at</c> forward under a lock token.</summary>
    internal sealed class SqliteActivityWorkItem(SqliteBackend backend, long id, string token, WorkMessage message, int deliveryCount)
        : ActivityWorkItem(message, deliveryCount)
    {
        public override async Task<bool> CompleteAsync(WorkMessage result, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(result);
            var completed = await backend._database.WriteAsync(connection =>
            {
                if (!DeleteIfOwned(connection))
                {
                    return false;
                }

                backend.InsertMessage(connection, result, outboxClaimDuration: null);
                return true;
            }, cancellationToken).ConfigureAwait(false);
            if (completed)
            {
                backend.SignalAfterCommit(result.Queue);
            }

            return completed;
        }

        public override Task AbandonAsync(TimeSpan delay, CancellationToken cancellationToken) =>
            backend._database.WriteAsync(connection =>
            {
                var command = connection.Command(
                    "UPDATE messages SET visible_at = $visible, lock_token = NULL WHERE id = $id AND lock_token = $token");
                command.Parameters.AddWithValue("$visible", backend.NowTicks + delay.Ticks);
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$token", token);
                return command.ExecuteNonQuery();
            }, cancellationToken);

        public override Task<bool> RenewLeaseAsync(CancellationToken cancellationToken) =>
            backend._database.WriteAsync(connection =>
            {
                var command = connection.Command("UPDATE messages SET visible_at = $until WHERE id = $id AND lock_token = $token");
                command.Parameters.AddWithValue("$until", backend.NowTicks + backend._options.LeaseDuration.Ticks);
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$token", token);
                return command.ExecuteNonQuery() == 1;
            }, cancellationToken);

        public override async Task DeadLetterAsync(string reason, WorkMessage failureResult, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(failureResult);
            await backend._database.WriteAsync(connection =>
            {
                var copy = connection.Command(
                    "INSERT INTO dead_letters (queue, instance_id, reason, dead_at, delivery_count, body) " +
                    "SELECT queue, instance_id, $reason, $now, delivery_count, body FROM messages WHERE id = $id AND lock_token = $token");
                copy.Parameters.AddWithValue("$reason", reason);
                copy.Parameters.AddWithValue("$now", backend.NowTicks);
                copy.Parameters.AddWithValue("$id", id);
                copy.Parameters.AddWithValue("$token", token);
                copy.ExecuteNonQuery();
                if (DeleteIfOwned(connection) && failureResult.Event is TaskFailedEvent { TaskId: >= 0 })
                {
                    backend.InsertMessage(connection, failureResult, outboxClaimDuration: null);
                }

                return 0;
            }, cancellationToken).ConfigureAwait(false);
            backend.SignalAfterCommit(WorkQueue.Orchestration);
        }

        private bool DeleteIfOwned(PooledConnection connection)
        {
            var command = connection.Command("DELETE FROM messages WHERE id = $id AND lock_token = $token");
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$token", token);
            return command.ExecuteNonQuery() == 1;
        }
    }
}
