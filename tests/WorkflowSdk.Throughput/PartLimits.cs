using System.Diagnostics;
using Microsoft.Data.Sqlite;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace WorkflowSdk.Throughput;

/// <summary>
/// What the parts allow on their own, measured in the same harness run so the runtime's overhead is visible: one small
/// SQLite transaction at a time (the same file settings as the backend), and one RabbitMQ publish-with-confirm +
/// consume + ack round trip at a time.
/// </summary>
internal static class PartLimits
{
    public static async Task<RunResult> MeasureAsync(HarnessOptions options)
    {
        var metrics = new Dictionary<string, double> { ["sqlite commits/s (one small transaction)"] = SqliteCommitsPerSecond() };
        if (options.Backend == "rabbitmq")
        {
            metrics["rabbitmq round trips/s (publish+confirm, consume, ack)"] = await RabbitMQRoundTripsPerSecondAsync(options.RabbitMQUri);
        }

        return new RunResult
        {
            Scenario = "parts",
            Backend = options.Backend,
            Metrics = metrics,
            PeakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64,
        };
    }

    private static double SqliteCommitsPerSecond()
    {
        var path = Path.Combine(Path.GetTempPath(), $"workflowsdk-parts-{Guid.NewGuid():N}.db");
        try
        {
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            using (var setup = connection.CreateCommand())
            {
                setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL);";
                setup.ExecuteNonQuery();
            }

            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO t (body) VALUES ($body)";
            insert.Parameters.AddWithValue("$body", new byte[128]);
            const int count = 5000;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                insert.Transaction = transaction;
                insert.ExecuteNonQuery();
                transaction.Commit();
            }

            return count / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static async Task<double> RabbitMQRoundTripsPerSecondAsync(string uri)
    {
        var factory = new ConnectionFactory { Uri = new Uri(uri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await using var consumerChannel = await connection.CreateChannelAsync();
        var queue = (await publisher.QueueDeclareAsync(queue: "", durable: false, exclusive: true, autoDelete: true)).QueueName;
        var received = new SemaphoreSlim(0);
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await consumerChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            received.Release();
        };
        await consumerChannel.BasicConsumeAsync(queue, autoAck: false, consumer);

        const int count = 2000;
        var body = new byte[128];
        var properties = new BasicProperties { Persistent = true };
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await publisher.BasicPublishAsync(exchange: "", routingKey: queue, mandatory: false, basicProperties: properties, body: body);
            await received.WaitAsync();
        }

        return count / clock.Elapsed.TotalSeconds;
    }
}
