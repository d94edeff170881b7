using System.Text;
using Microsoft.Data.Sqlite;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.Serialization;
using WorkflowSdk.Sqlite.Internal;

namespace WorkflowSdk.Sqlite;

/// <summary>The store: instance records, history chunks, optimistic-concurrency commits.</summary>
public sealed partial class SqliteBackend
{
    private const string InstanceColumns =
        "instance_id, name, version, execution_id, status, created_at, updated_at, completed_at, " +
        "input, output, custom_status, failure, parent_instance_id, revision";

    private const string SelectInstance = $"SELECT {InstanceColumns} FROM instances WHERE instance_id = $id";

    private const string InsertInstance =
        $"INSERT INTO instances ({InstanceColumns}) VALUES ($id, $name, $version, $execution, $status, $created, $updated, " +
        "$completed, $input, $output, $custom, $failure, $parent, 1) ON CONFLICT (instance_id) DO NOTHING";

    private const string UpdateInstance =
        "UPDATE instances SET name = $name, version = $version, execution_id = $execution, status = $status, " +
        "created_at = $created, updated_at = $updated, completed_at = $completed, input = $input, output = $output, " +
        "custom_status = $custom, failure = $failure, parent_instance_id = $parent, revision = revision + 1 " +
        "WHERE instance_id = $id AND revision = $expected";

    /// <inheritdoc/>
    public Task<InstanceRecord?> GetInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return _database.ReadAsync(connection => ReadInstance(connection, instanceId), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<StoredHistory> LoadHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return _database.ReadAsync(connection =>
        {
            var record = ReadInstance(connection, instanceId);
            if (record is null)
            {
                return new StoredHistory(null, []);
            }

            var events = new List<HistoryEvent>();
            var command = connection.Command(
                "SELECT revision, events FROM history WHERE instance_id = $id AND execution_id = $execution ORDER BY revision");
            command.Parameters.AddWithValue("$id", instanceId);
            command.Parameters.AddWithValue("$execution", record.ExecutionId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var revision = reader.GetInt64(0);
                try
                {
                    WireFormat.DecodeEvents((byte[])reader.GetValue(1), events);
                }
                catch (Exception ex) when (ex is InvalidDataException or InvalidCastException)
                {
                    throw new HistoryCorruptedException(instanceId, $"the history row written at revision {revision} is damaged", ex);
                }
            }

            return new StoredHistory(record, events);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<OutboxEntry?> CreateInstanceAsync(
        InstanceRecord instance, WorkMessage startMessage, bool reuseFinished, TimeSpan? outboxClaimDuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(startMessage);
        var entry = await _database.WriteAsync(connection =>
        {
            var existing = ReadInstance(connection, instance.InstanceId);
            if (existing is not null)
            {
                if (!existing.Status.IsFinished() || !reuseFinished)
                {
                    throw new OrchestrationAlreadyExistsException(instance.InstanceId, existing.Status);
                }

                WriteInstance(connection, instance, expectedRevision: existing.Revision);
                DeleteHistory(connection, instance.InstanceId);
            }
            else
            {
                WriteInstance(connection, instance, expectedRevision: 0);
            }

            return InsertMessage(connection, startMessage, outboxClaimDuration);
        }, cancellationToken).ConfigureAwait(false);

        SignalAfterCommit(startMessage.Queue);
        return outboxClaimDuration is not null && startMessage.VisibleAtUtc is null ? entry : null;
    }

    /// <inheritdoc/>
    public async Task<CommitResult> CommitEpisodeAsync(EpisodeCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var ownWorkItem = commit.WorkItem as SqliteOrchestrationWorkItem;
        if (ownWorkItem is not null && !ReferenceEquals(ownWorkItem.Backend, this))
        {
            ownWorkItem = null;
        }

        var result = await _database.WriteAsync(connection =>
        {
            if (!WriteInstance(connection, commit.Instance, commit.ExpectedRevision))
            {
                return CommitResult.Conflict;
            }

            var revision = commit.ExpectedRevision + 1;
            if (commit.StartsNewExecution)
            {
                DeleteHistory(connection, commit.Instance.InstanceId);
            }

            if (commit.NewEvents.Count > 0)
            {
                var history = connection.Command(
                    "INSERT INTO history (instance_id, revision, execution_id, events) VALUES ($id, $revision, $execution, $events)");
                history.Parameters.AddWithValue("$id", commit.Instance.InstanceId);
                history.Parameters.AddWithValue("$revision", revision);
                history.Parameters.AddWithValue("$execution", commit.Instance.ExecutionId);
                history.Parameters.AddWithValue("$events", WireFormat.EncodeEvents(commit.NewEvents));
                history.ExecuteNonQuery();
            }

            var toPublish = new List<OutboxEntry>();
            foreach (var message in commit.Outbox)
            {
                var entry = InsertMessage(connection, message, commit.OutboxClaimDuration);
                if (commit.OutboxClaimDuration is not null && message.VisibleAtUtc is null)
                {
                    toPublish.Add(entry);
                }
            }

            ownWorkItem?.AcknowledgeInTransaction(connection);
            return new CommitResult(true, revision, toPublish);
        }, cancellationToken).ConfigureAwait(false);

        if (result.Succeeded)
        {
            ownWorkItem?.MarkCompleted();
            foreach (var message in commit.Outbox)
            {
                SignalAfterCommit(message.Queue);
            }

            // The instance's lock was released: its waiting messages can go to a receiver now.
            _orchestrationWork.PulseAll();
        }

        return result;
    }

    /// <inheritdoc/>
    public Task<InstancePage> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (afterCreated, afterId) = DecodeContinuation(query.ContinuationToken);
        var sql = new StringBuilder($"SELECT {InstanceColumns} FROM instances WHERE 1 = 1");
        var parameters = new List<SqliteParameter>();
        if (query.Statuses is { Count: > 0 } statuses)
        {
            sql.Append(" AND status IN (").AppendJoin(", ", statuses.Select(s => (int)s)).Append(')');
        }

        if (query.Name is not null)
        {
            sql.Append(" AND name = $name");
            parameters.Add(new SqliteParameter("$name", query.Name));
        }

        if (query.InstanceIdPrefix is not null)
        {
            sql.Append(" AND substr(instance_id, 1, $prefixLength) = $prefix");
            parameters.Add(new SqliteParameter("$prefixLength", query.InstanceIdPrefix.Length));
            parameters.Add(new SqliteParameter("$prefix", query.InstanceIdPrefix));
        }

        if (query.CreatedFrom is { } from)
        {
            sql.Append(" AND created_at >= $from");
            parameters.Add(new SqliteParameter("$from", from.ToUniversalTime().Ticks));
        }

        if (query.CreatedTo is { } to)
        {
            sql.Append(" AND created_at < $to");
            parameters.Add(new SqliteParameter("$to", to.ToUniversalTime().Ticks));
        }

        if (query.CompletedFrom is { } completedFrom)
        {
            sql.Append(" AND completed_at >= $completedFrom");
            parameters.Add(new SqliteParameter("$completedFrom", completedFrom.ToUniversalTime().Ticks));
        }

        if (query.CompletedTo is { } completedTo)
        {
            sql.Append(" AND completed_at < $completedTo");
            parameters.Add(new SqliteParameter("$completedTo", completedTo.ToUniversalTime().Ticks));
        }

        if (query.ParentInstanceId is not null)
        {
            sql.Append(" AND parent_instance_id = $parent");
            parameters.Add(new SqliteParameter("$parent", query.ParentInstanceId));
        }

        if (afterId is not null)
        {
            sql.Append(" AND (created_at, instance_id) > ($afterCreated, $afterId)");
            parameters.Add(new SqliteParameter("$afterCreated", afterCreated));
            parameters.Add(new SqliteParameter("$afterId", afterId));
        }

        sql.Append(" ORDER BY created_at, instance_id LIMIT $limit");
        parameters.Add(new SqliteParameter("$limit", query.PageSize + 1));

        return _database.ReadAsync(connection =>
        {
            using var command = connection.Connection.CreateCommand();
            command.Transaction = connection.Transaction;
            command.CommandText = sql.ToString();
            command.Parameters.AddRange(parameters);
            var records = new List<InstanceRecord>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    records.Add(ReadRecord(reader));
                }
            }

            string? next = null;
            if (records.Count > query.PageSize)
            {
                records.RemoveAt(records.Count - 1);
                var last = records[^1];
                next = EncodeContinuation(last.CreatedAt.Ticks, last.InstanceId);
            }

            return new InstancePage(records, next);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<int> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return _database.WriteAsync(connection =>
        {
            var record = ReadInstance(connection, instanceId);
            if (record is null)
            {
                return 0;
            }

            if (!record.Status.IsFinished())
            {
                throw new InvalidOperationException(
                    $"Instance '{instanceId}' is {record.Status}; only finished instances can be purged. Terminate it first.");
            }

            foreach (var sql in new[]
                     {
                         "DELETE FROM history WHERE instance_id = $id",
                         "DELETE FROM messages WHERE instance_id = $id",
                         "DELETE FROM instance_locks WHERE instance_id = $id",
                         "DELETE FROM instances WHERE instance_id = $id",
                     })
            {
                var command = connection.Command(sql);
                command.Parameters.AddWithValue("$id", instanceId);
                command.ExecuteNonQuery();
            }

            return 1;
        }, cancellationToken);
    }

    private static InstanceRecord? ReadInstance(PooledConnection connection, string instanceId)
    {
        var command = connection.Command(SelectInstance);
        command.Parameters.AddWithValue("$id", instanceId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadRecord(reader) : null;
    }

    private static InstanceRecord ReadRecord(SqliteDataReader reader)
    {
        var instanceId = reader.GetString(0);
        FailureDetails? failure = null;
        if (!reader.IsDBNull(11))
        {
            try
            {
                failure = WireFormat.DecodeFailure((byte[])reader.GetValue(11));
            }
            catch (InvalidDataException ex)
            {
                throw new HistoryCorruptedException(instanceId, "the instance row's failure details are damaged", ex);
            }
        }

        return new InstanceRecord
        {
            InstanceId = instanceId,
            Name = reader.GetString(1),
            Version = reader.IsDBNull(2) ? null : reader.GetString(2),
            ExecutionId = reader.GetString(3),
            Status = (OrchestrationRuntimeStatus)reader.GetInt32(4),
            CreatedAt = new DateTime(reader.GetInt64(5), DateTimeKind.Utc),
            LastUpdatedAt = new DateTime(reader.GetInt64(6), DateTimeKind.Utc),
            CompletedAt = reader.IsDBNull(7) ? null : new DateTime(reader.GetInt64(7), DateTimeKind.Utc),
            Input = Blob(reader, 8),
            Output = Blob(reader, 9),
            CustomStatus = Blob(reader, 10),
            Failure = failure,
            ParentInstanceId = reader.IsDBNull(12) ? null : reader.GetString(12),
            Revision = reader.GetInt64(13),
        };
    }

    private static byte[]? Blob(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : (byte[])reader.GetValue(ordinal);

    /// <summary>Inserts (expected revision 0) or updates (compare-and-set on the revision) an instance row.</summary>
    /// <returns><see langword="false"/> when the row was not in the expected state.</returns>
    private static bool WriteInstance(PooledConnection connection, InstanceRecord record, long expectedRevision)
    {
        var command = connection.Command(expectedRevision == 0 ? InsertInstance : UpdateInstance);
        var p = command.Parameters;
        p.AddWithValue("$id", record.InstanceId);
        p.AddWithValue("$name", record.Name);
        p.AddWithValue("$version", (object?)record.Version ?? DBNull.Value);
        p.AddWithValue("$execution", record.ExecutionId);
        p.AddWithValue("$status", (int)record.Status);
        p.AddWithValue("$created", record.CreatedAt.Ticks);
        p.AddWithValue("$updated", record.LastUpdatedAt.Ticks);
        p.AddWithValue("$completed", record.CompletedAt is { } completed ? completed.Ticks : DBNull.Value);
        p.AddWithValue("$input", (object?)record.Input ?? DBNull.Value);
        p.AddWithValue("$output", (object?)record.Output ?? DBNull.Value);
        p.AddWithValue("$custom", (object?)record.CustomStatus ?? DBNull.Value);
        p.AddWithValue("$failure", record.Failure is null ? DBNull.Value : WireFormat.EncodeFailure(record.Failure));
        p.AddWithValue("$parent", (object?)record.ParentInstanceId ?? DBNull.Value);
        if (expectedRevision != 0)
        {
            p.AddWithValue("$expected", expectedRevision);
        }

        return command.ExecuteNonQuery() == 1;
    }

    private static void DeleteHistory(PooledConnection connection, string instanceId)
    {
        var command = connection.Command("DELETE FROM history WHERE instance_id = $id");
        command.Parameters.AddWithValue("$id", instanceId);
        command.ExecuteNonQuery();
    }

    private static string EncodeContinuation(long createdTicks, string instanceId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{createdTicks}|{instanceId}"));

    private static (long CreatedTicks, string? InstanceId) DecodeContinuation(string? token)
    {
        if (token is null)
        {
            return (0, null);
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var separator = text.IndexOf('|', StringComparison.Ordinal);
            return (long.Parse(text.AsSpan(0, separator), System.Globalization.CultureInfo.InvariantCulture), text[(separator + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new ArgumentException($"The continuation token '{token}' is not one this store returned.", nameof(token), ex);
        }
    }
}
