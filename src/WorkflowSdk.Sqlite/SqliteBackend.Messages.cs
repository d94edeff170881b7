using System.Globalization;
using WorkflowSdk.Backends;
using WorkflowSdk.Serialization;
using WorkflowSdk.Sqlite.Internal;

namespace WorkflowSdk.Sqlite;

/// <summary>The <c>messages</c> table: queues when this backend is the transport, the outbox otherwise.</summary>
public sealed partial class SqliteBackend
{
    /// <inheritdoc/>
    public async Task SendAsync(IReadOnlyList<WorkMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }

        await _database.WriteAsync(connection =>
        {
            foreach (var message in messages)
            {
                InsertMessage(connection, message, outboxClaimDuration: null);
            }

            return 0;
        }, cancellationToken).ConfigureAwait(false);

        foreach (var message in messages)
        {
            SignalAfterCommit(message.Queue);
        }
    }

    /// <inheritdoc/>
    public bool ConsumesOutboxOf(IWorkflowStore store) => ReferenceEquals(store, this);

    /// <inheritdoc/>
    public Task<IReadOnlyList<OutboxEntry>> ClaimDueOutboxAsync(int maxCount, TimeSpan claimDuration, CancellationToken cancellationToken) =>
        _database.WriteAsync<IReadOnlyList<OutboxEntry>>(connection =>
        {
            var now = NowTicks;
            var due = new List<(long Id, byte[] Body, string InstanceId, int Queue)>();
            var select = connection.Command(
                "SELECT id, body, instance_id, queue FROM messages WHERE visible_at <= $now ORDER BY visible_at, id LIMIT $max");
            select.Parameters.AddWithValue("$now", now);
            select.Parameters.AddWithValue("$max", maxCount);
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    due.Add((reader.GetInt64(0), (byte[])reader.GetValue(1), reader.GetString(2), reader.GetInt32(3)));
                }
            }

            var entries = new List<OutboxEntry>(due.Count);
            foreach (var (id, body, instanceId, queue) in due)
            {
                var claim = connection.Command("UPDATE messages SET visible_at = $until WHERE id = $id");
                claim.Parameters.AddWithValue("$until", now + claimDuration.Ticks);
                claim.Parameters.AddWithValue("$id", id);
                claim.ExecuteNonQuery();
                if (TryDecode(body, out var message))
                {
                    entries.Add(new OutboxEntry(id.ToString(CultureInfo.InvariantCulture), message));
                }
                else
                {
                    QuarantineUndecodable(connection, id, instanceId, queue);
                }
            }

            return entries;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task DeleteOutboxAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return _database.WriteAsync(connection =>
        {
            foreach (var entry in entries)
            {
                DeleteMessage(connection, long.Parse(entry.Id, CultureInfo.InvariantCulture));
            }

            return 0;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<DateTime?> GetNextOutboxDueTimeAsync(CancellationToken cancellationToken) =>
        _database.ReadAsync(connection =>
        {
            var value = connection.Command("SELECT MIN(visible_at) FROM messages").ExecuteScalar();
            return value is long ticks ? new DateTime(ticks, DateTimeKind.Utc) : (DateTime?)null;
        }, cancellationToken);

    /// <summary>Inserts a message, due at its <see cref="WorkMessage.VisibleAtUtc"/> (or after the publishing claim, or now).</summary>
    private OutboxEntry InsertMessage(PooledConnection connection, WorkMessage message, TimeSpan? outboxClaimDuration)
    {
        var visibleAt = message.VisibleAtUtc?.Ticks ?? (outboxClaimDuration is { } claim ? NowTicks + claim.Ticks : NowTicks);
        var command = connection.Command(
            "INSERT INTO messages (queue, instance_id, visible_at, body) VALUES ($queue, $instance, $visible, $body) RETURNING id");
        command.Parameters.AddWithValue("$queue", message.Queue == WorkQueue.Activity ? Schema.ActivityQueue : Schema.OrchestrationQueue);
        command.Parameters.AddWithValue("$instance", message.InstanceId);
        command.Parameters.AddWithValue("$visible", visibleAt);
        command.Parameters.AddWithValue("$body", WireFormat.EncodeMessage(message));
        var id = (long)command.ExecuteScalar()!;
        return new OutboxEntry(id.ToString(CultureInfo.InvariantCulture), message);
    }

    private static void DeleteMessage(PooledConnection connection, long id)
    {
        var command = connection.Command("DELETE FROM messages WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Dead-letters a message that cannot be decoded and fails its instance with the reason, so nothing waits
    /// forever for a message that will never be applied.
    /// </summary>
    private void QuarantineUndecodable(PooledConnection connection, long id, string instanceId, int queue)
    {
        var reason = $"A message for instance '{instanceId}' ({(queue == Schema.ActivityQueue ? "an activity call" : "orchestration queue")}, " +
                     $"row {id}) could not be decoded; it was moved to the dead_letters table.";
        MoveToDeadLetters(connection, [id], reason);
        InsertMessage(connection, new WorkMessage
        {
            MessageId = $"poison-{id}",
            InstanceId = instanceId,
            Event = new History.ExecutionFailedEvent
            {
                Timestamp = Now,
                FailureDetails = new FailureDetails("WorkflowSdk.PoisonMessage", reason, IsNonRetriable: true),
            },
        }, outboxClaimDuration: null);
    }

    private void MoveToDeadLetters(PooledConnection connection, IEnumerable<long> ids, string reason)
    {
        foreach (var id in ids)
        {
            var copy = connection.Command(
                "INSERT INTO dead_letters (queue, instance_id, reason, dead_at, delivery_count, body) " +
                "SELECT queue, instance_id, $reason, $now, delivery_count, body FROM messages WHERE id = $id");
            copy.Parameters.AddWithValue("$reason", reason);
            copy.Parameters.AddWithValue("$now", NowTicks);
            copy.Parameters.AddWithValue("$id", id);
            copy.ExecuteNonQuery();
            DeleteMessage(connection, id);
        }
    }

    private static bool TryDecode(byte[] body, out WorkMessage message)
    {
        try
        {
            message = WireFormat.DecodeMessage(body);
            return true;
        }
        catch (InvalidDataException)
        {
            message = null!;
            return false;
        }
    }

    private void SignalAfterCommit(WorkQueue queue) =>
        (queue == WorkQueue.Activity ? _activityWork : _orchestrationWork).PulseAll();
}
