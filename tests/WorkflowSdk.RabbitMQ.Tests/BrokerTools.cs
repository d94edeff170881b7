using System.Diagnostics;
using System.Text;
using RabbitMQ.Client;
using WorkflowSdk.Backends;

namespace WorkflowSdk.RabbitMQ.Tests;

/// <summary>Raw access to the local broker for tests: publishing bytes, reading dead letters, restarting the broker.</summary>
internal static class BrokerTools
{
    /// <summary>Publishes raw bytes to a queue (through the default exchange), with publisher confirms.</summary>
    public static async Task PublishRawAsync(string queue, byte[] body, string? instanceId = null, string? messageId = null)
    {
        await using var connection = await Factory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true));
        var properties = new BasicProperties
        {
            MessageId = messageId ?? Guid.NewGuid().ToString("N"),
            Persistent = true,
            Headers = instanceId is null ? null : new Dictionary<string, object?> { ["wf-instance"] = instanceId },
        };
        await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, body);
    }

    /// <summary>Takes every message off the hub's dead-letter queue: (message id, reason, source queue, body).</summary>
    public static async Task<List<(string? MessageId, string Reason, string SourceQueue, byte[] Body)>> DrainDeadLettersAsync(RabbitMQTransport transport)
    {
        await using var connection = await Factory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var result = new List<(string?, string, string, byte[])>();
        while (await channel.BasicGetAsync(transport.DeadLetterQueueName, autoAck: true) is { } message)
        {
            var headers = message.BasicProperties.Headers!;
            result.Add((message.BasicProperties.MessageId, Text(headers["wf-reason"]), Text(headers["wf-source-queue"]), message.Body.ToArray()));
        }

        return result;
    }

    /// <summary>Waits until the dead-letter queue holds at least <paramref name="count"/> messages and takes them.</summary>
    public static async Task<List<(string? MessageId, string Reason, string SourceQueue, byte[] Body)>> WaitForDeadLettersAsync(RabbitMQTransport transport, int count)
    {
        var all = new List<(string?, string, string, byte[])>();
        await Eventually.Value(
            async _ =>
            {
                all.AddRange(await DrainDeadLettersAsync(transport));
                return all.Count;
            },
            taken => taken >= count,
            $"{count} dead letters were taken off {transport.DeadLetterQueueName}",
            taken => $"{taken} taken",
            interval: TimeSpan.FromMilliseconds(50));
        return all;
    }

    /// <summary>Reads the queue's messages without consuming them (they are requeued): content encoding and body size.</summary>
    public static async Task<List<(string? ContentEncoding, int Length)>> PeekBodySizesAsync(string queue)
    {
        await using var connection = await Factory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var result = new List<(string?, int)>();
        while (await channel.BasicGetAsync(queue, autoAck: false) is { } message)
        {
            result.Add((message.BasicProperties.ContentEncoding, message.Body.Length));
        }

        return result; // unacknowledged: closing the channel puts them back in order
    }

    public static async Task<uint> MessageCountAsync(string queue)
    {
        await using var connection = await Factory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    /// <summary>Runs <c>rabbitmqctl</c> on this machine (the tests' broker).</summary>
    public static async Task RabbitmqctlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmqctl did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }

    public static WorkMessage Raised(string instanceId, string name, byte[]? input, string? messageId = null)
    {
        var id = messageId ?? WorkMessage.NewId();
        return new WorkMessage { MessageId = id, InstanceId = instanceId, Event = new History.EventRaisedEvent { Name = name, Input = input, MessageId = id } };
    }

    private static string Text(object? value) => value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string text => text,
        _ => string.Empty,
    };

    private static ConnectionFactory Factory() => new() { Uri = new Uri(RabbitMQBackendProvider.LocalBroker) };
}
