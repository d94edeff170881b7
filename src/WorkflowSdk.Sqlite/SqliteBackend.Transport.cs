using Microsoft.Extensions.Logging;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.Sqlite.Internal;

namespace WorkflowSdk.Sqlite;

/// <summary>The transport: leasing an instance's messages and single activity calls out of the <c>messages</c> table.</summary>
public sealed partial class SqliteBackend
{
    private const string FindUnlockedInstance =
        "SELECT m.instance_id FROM messages m " +
        "WHERE m.queue = 0 AND m.visible_at <= $now " +
        "AND NOT EXISTS (SELECT 1 FROM instance_locks l WHERE l.instance_id = m.instance_id AND l.locked_until > $now) " +
        "ORDER BY m.visible_at LIMIT 1";

    private const string FindDueActivity = "SELECT id FROM messages WHERE queue = 1 AND visible_at <= $now LIMIT 1";

    private const string LockInstance =
        "INSERT INTO instance_locks (instance_id, lock_token, locked_until) VALUES ($id, $token, $until) " +
        "ON CONFLICT (instance_id) DO UPDATE SET lock_token = excluded.lock_token, locked_until = excluded.locked_until " +
        "WHERE instance_locks.locked_until <= $now";

    /// <inheritdoc/>
    public Task<OrchestrationWorkItem?> ReceiveOrchestrationWorkItemAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
        ReceiveAsync(_orchestrationWork, Schema.OrchestrationQueue, TryLeaseInstanceAsync, maxWait, cancellationToken);

    /// <inheritdoc/>
    public Task<ActivityWorkItem?> ReceiveActivityWorkItemAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
        ReceiveAsync(_activityWork, Schema.ActivityQueue, TryLeaseActivityAsync, maxWait, cancellationToken);

    /// <summary>Tries to lease work; when there is none, sleeps until new work is signalled, a message falls due, or the poll interval passes.</summary>
    private async Task<T?> ReceiveAsync<T>(
        AsyncPulse pulse, int queue, Func<CancellationToken, Task<T?>> tryLease, TimeSpan maxWait, CancellationToken cancellationToken)
        where T : class
    {
        var deadline = Now + maxWait;
        while (true)
        {
            var wake = pulse.NextPulse;
            var leased = await tryLease(cancellationToken).ConfigureAwait(false);
            if (leased is not null)
            {
                return leased;
            }

            var now = Now;
            if (now >= deadline)
            {
                return null;
            }

            var wait = Min(deadline - now, _options.PollInterval);
            var nextDue = await NextDueAsync(queue, cancellationToken).ConfigureAwait(false);
            if (nextDue is { } due && due > now)
            {
                wait = Min(wait, due - now);
            }

            await Task.WhenAny(wake, Task.Delay(wait, _options.TimeProvider, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private Task<DateTime?> NextDueAsync(int queue, CancellationToken cancellationToken) =>
        _database.ReadAsync(connection =>
        {
            var command = connection.Command("SELECT MIN(visible_at) FROM messages WHERE queue = $queue AND visible_at > $now");
            command.Parameters.AddWithValue("$queue", queue);
            command.Parameters.AddWithValue("$now", NowTicks);
            return command.ExecuteScalar() is long ticks ? new DateTime(ticks, DateTimeKind.Utc) : (DateTime?)null;
        }, cancellationToken);

    /// <summary>
    /// Whether any message of <paramref name="queue"/> looks available, checked in a read transaction so that idle
    /// receivers never queue for the write lock.
    /// </summary>
    private Task<bool> AnyAvailableAsync(int queue, CancellationToken cancellationToken) =>
        _database.ReadAsync(connection =>
        {
            var command = connection.Command(queue == Schema.OrchestrationQueue ? FindUnlockedInstance : FindDueActivity);
            command.Parameters.AddWithValue("$now", NowTicks);
            return command.ExecuteScalar() is not null;
        }, cancellationToken);

    private async Task<OrchestrationWorkItem?> TryLeaseInstanceAsync(CancellationToken cancellationToken) =>
        await AnyAvailableAsync(Schema.OrchestrationQueue, cancellationToken).ConfigureAwait(false)
            ? await LeaseInstanceAsync(cancellationToken).ConfigureAwait(false)
            : null;

    private async Task<ActivityWorkItem?> TryLeaseActivityAsync(CancellationToken cancellationToken) =>
        await AnyAvailableAsync(Schema.ActivityQueue, cancellationToken).ConfigureAwait(false)
            ? await LeaseActivityAsync(cancellationToken).ConfigureAwait(false)
            : null;

    private Task<OrchestrationWorkItem?> LeaseInstanceAsync(CancellationToken cancellationToken) =>
        _database.WriteAsync<OrchestrationWorkItem?>(connection =>
        {
            var now = NowTicks;
            var find = connection.Command(FindUnlockedInstance);
            find.Parameters.AddWithValue("$now", now);
            if (find.ExecuteScalar() is not string instanceId)
            {
                return null;
            }

            var token = $"{_ownerToken}:{Guid.NewGuid():N}";
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

                var bump = connection.Command("UPDATE messages SET delivery_count = delivery_count + 1 WHERE id = $id");
                bump.Parameters.AddWithValue("$id", id);
                bump.ExecuteNonQuery();
                ids.Add(id);
                messages.Add(message);
                deliveries = Math.Max(deliveries, count);
            }

            if (messages.Count == 0)
            {
                Unlock(connection, instanceId, token);
                return null;
            }

            return new SqliteOrchestrationWorkItem(this, instanceId, token, ids, messages, deliveries);
        }, cancellationToken);

    private Task<ActivityWorkItem?> LeaseActivityAsync(CancellationToken cancellationToken) =>
        _database.WriteAsync<ActivityWorkItem?>(connection =>
        {
            var now = NowTicks;
            while (true)
            {
                var select = connection.Command(
                    "SELECT id, delivery_count, body, instance_id FROM messages WHERE queue = 1 AND visible_at <= $now ORDER BY visible_at LIMIT 1");
                select.Parameters.AddWithValue("$now", now);
                long id;
                int deliveries;
                byte[] body;
                string instanceId;
                using (var reader = select.ExecuteReader())
                {
                    if (!reader.Read())
                    {
                        return null;
                    }

                    (id, deliveries, body, instanceId) = (reader.GetInt64(0), reader.GetInt32(1) + 1, (byte[])reader.GetValue(2), reader.GetString(3));
                }

                if (!TryDecode(body, out var message))
                {
                    QuarantineUndecodable(connection, id, instanceId, Schema.ActivityQueue);
                    continue;
                }

                var token = $"{_ownerToken}:{Guid.NewGuid():N}";
                var lease = connection.Command(
                    "UPDATE messages SET visible_at = $until, lock_token = $token, delivery_count = delivery_count + 1 WHERE id = $id");
                lease.Parameters.AddWithValue("$until", now + _options.LeaseDuration.Ticks);
                lease.Parameters.AddWithValue("$token", token);
                lease.Parameters.AddWithValue("$id", id);
                lease.ExecuteNonQuery();
                return new SqliteActivityWorkItem(this, id, token, message, deliveries);
            }
        }, cancellationToken);

    private static void Unlock(PooledConnection connection, string instanceId, string token)
    {
        var command = connection.Command("DELETE FROM instance_locks WHERE instance_id = $id AND lock_token = $token");
        command.Parameters.AddWithValue("$id", instanceId);
        command.Parameters.AddWithValue("$token", token);
        command.ExecuteNonQuery();
    }

    /// <summary>The messages of one instance, leased through <c>instance_locks</c>.</summary>
    internal sealed class SqliteOrchestrationWorkItem(
        SqliteBackend backend, string instanceId, string token, IReadOnlyList<long> ids, IReadOnlyList<WorkMessage> messages, int deliveryCount)
        : OrchestrationWorkItem(instanceId, messages, deliveryCount)
    {
        public SqliteBackend Backend => backend;

        /// <summary>Deletes the consumed messages and releases the lock inside the caller's (commit) transaction.</summary>
        internal void AcknowledgeInTransaction(PooledConnection connection)
        {
            foreach (var id in ids)
            {
                DeleteMessage(connection, id);
            }

            Unlock(connection, InstanceId, token);
        }

        internal void MarkCompleted() => IsCompleted = true;

        public override async Task CompleteAsync(CancellationToken cancellationToken)
        {
            if (IsCompleted)
            {
                return;
            }

            await backend._database.WriteAsync(connection =>
            {
                AcknowledgeInTransaction(connection);
                return 0;
            }, cancellationToken).ConfigureAwait(false);
            IsCompleted = true;
            backend._orchestrationWork.PulseAll();
        }

        public override async Task AbandonAsync(TimeSpan delay, CancellationToken cancellationToken)
        {
            if (IsCompleted)
            {
                return;
            }

            await backend._database.WriteAsync(connection =>
            {
                if (delay <= TimeSpan.Zero)
                {
                    Unlock(connection, InstanceId, token);
                }
                else
                {
                    var command = connection.Command(
                        "UPDATE instance_locks SET locked_until = $until WHERE instance_id = $id AND lock_token = $token");
                    command.Parameters.AddWithValue("$until", backend.NowTicks + delay.Ticks);
                    command.Parameters.AddWithValue("$id", InstanceId);
                    command.Parameters.AddWithValue("$token", token);
                    command.ExecuteNonQuery();
                }

                return 0;
            }, cancellationToken).ConfigureAwait(false);
            backend._orchestrationWork.PulseAll();
        }

        public override async Task DeadLetterAsync(string reason, CancellationToken cancellationToken)
        {
            await backend._database.WriteAsync(connection =>
            {
                backend.MoveToDeadLetters(connection, ids, reason);
                Unlock(connection, InstanceId, token);
                return 0;
            }, cancellationToken).ConfigureAwait(false);
            IsCompleted = true;
            backend._orchestrationWork.PulseAll();
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

                backend.InsertMessage(connection, result, relayLease: null);
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
                    backend.InsertMessage(connection, failureResult, relayLease: null);
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
