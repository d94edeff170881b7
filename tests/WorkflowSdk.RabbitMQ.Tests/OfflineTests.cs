using MessagePack;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.RabbitMQ.Internal;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.RabbitMQ.Tests;

/// <summary>Parts that need no broker: connection strings, message bodies, partition hashing, option checks.</summary>
public sealed class OfflineTests
{
    [Theory]
    [InlineData("amqp://guest:guest@127.0.0.1:5672/", "127.0.0.1", 5672, "/", "guest", false)]
    [InlineData("amqps://app:s3cr%40t@rabbit.internal/prod", "rabbit.internal", 5671, "prod", "app", true)]
    [InlineData("amqp://u:p@host:5673/%2F", "host", 5673, "/", "u", false)]
    [InlineData("Host=rabbit;Port=5671;VirtualHost=jobs;UserName=app;Password=pw;Tls=true", "rabbit", 5671, "jobs", "app", true)]
    [InlineData("host=10.0.0.5", "10.0.0.5", 5672, "/", "guest", false)]
    public void Connection_strings_parse_as_uri_or_pairs(string text, string host, int port, string vhost, string user, bool tls)
    {
        var endpoint = RabbitMQEndpoint.Parse(text);

        Assert.Equal((host, port, vhost, user, tls), (endpoint.Host, endpoint.Port, endpoint.VirtualHost, endpoint.UserName, endpoint.Tls));
    }

    [Fact]
    public void The_printed_endpoint_and_errors_never_show_the_password()
    {
        var endpoint = RabbitMQEndpoint.Parse("amqps://app:s3cr%40t@rabbit.internal:5671/prod");
        var transport = new RabbitMQTransport(new RabbitMQTransportOptions { ConnectionString = "amqp://app:hunter2@rabbit:5672/jobs" });
        var error = Assert.Throws<ArgumentException>(() => RabbitMQEndpoint.Parse("http://app:hunter2@rabbit/"));

        Assert.Equal("s3cr@t", endpoint.Password);
        Assert.Equal("amqps://app@rabbit.internal:5671/prod", endpoint.ToString());
        Assert.Equal("amqp://app@rabbit:5672/jobs", transport.Endpoint);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_out_of_range_are_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => new RabbitMQTransport(new RabbitMQTransportOptions { HubName = "bad name!" }));

        Assert.StartsWith("RabbitMQTransportOptions.HubName must be 1 to 100 letters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bodies_above_the_threshold_are_compressed_and_decode_to_the_same_message()
    {
        var codec = new MessageBody(compressionThresholdBytes: 1024, maxMessageBytes: 1024 * 1024);
        var message = Raised(new byte[200_000]);

        var (body, compressed) = codec.Encode(message);
        var decoded = codec.Decode(body, MessageBody.Lz4Encoding);

        Assert.True(compressed);
        Assert.True(body.Length < 10_000, $"{body.Length} bytes");
        Assert.Equal(message.MessageId, decoded.MessageId);
        Assert.Equal(((EventRaisedEvent)message.Event).Input, ((EventRaisedEvent)decoded.Event).Input);
    }

    [Fact]
    public void Small_bodies_are_sent_as_they_are()
    {
        var codec = new MessageBody(compressionThresholdBytes: 1024, maxMessageBytes: 1024 * 1024);
        var message = Raised([1, 2, 3]);

        var (body, compressed) = codec.Encode(message);

        Assert.False(compressed);
        Assert.Equal(WireFormat.EncodeMessage(message), body);
        Assert.Equal(message.MessageId, codec.Decode(body, null).MessageId);
    }

    [Fact]
    public void A_compressed_body_that_would_inflate_past_the_limit_is_refused_before_decompressing()
    {
        var codec = new MessageBody(compressionThresholdBytes: 0, maxMessageBytes: 64 * 1024);
        var bomb = MessagePackSerializer.Serialize(new byte[10_000_000], MessagePackSerializerOptions.Standard.WithCompression(MessagePackCompression.Lz4BlockArray));

        var error = Assert.Throws<InvalidDataException>(() => codec.Decode(bomb, MessageBody.Lz4Encoding));

        Assert.True(bomb.Length < 64 * 1024);
        Assert.StartsWith("The compressed message would be 10,000,0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_content_encodings_and_garbage_are_refused_with_a_reason()
    {
        var codec = new MessageBody(1024, 1024 * 1024);

        Assert.Contains("content-encoding 'gzip'", Assert.Throws<InvalidDataException>(() => codec.Decode(new byte[] { 1 }, "gzip")).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => codec.Decode(new byte[] { 0x92, 0xc7, 0x01, 0x62, 0x00 }, MessageBody.Lz4Encoding));
        Assert.Throws<InvalidDataException>(() => codec.Decode(new byte[] { 1, 2, 3, 4 }, null));
    }

    [Fact]
    public void Partitions_are_stable_across_processes_and_spread_instances()
    {
        // Fixed values: a change here would send a running hub's messages to other partitions.
        Assert.Equal(PartitionHash.PartitionOf("order-1", 16), PartitionHash.PartitionOf("order-1", 16));
        Assert.Equal(2166136261u % 16, (uint)PartitionHash.PartitionOf(string.Empty, 16));
        var counts = Enumerable.Range(0, 16_000).GroupBy(i => PartitionHash.PartitionOf($"instance-{i}", 16)).Select(g => g.Count()).ToList();

        Assert.Equal(16, counts.Count);
        Assert.All(counts, c => Assert.InRange(c, 800, 1200));
        Assert.Equal(PartitionHash.PartitionOf(new string('x', 300), 7), PartitionHash.PartitionOf(new string('x', 300), 7));
    }

    private static WorkMessage Raised(byte[] input) =>
        new() { MessageId = WorkMessage.NewId(), InstanceId = "i1", Event = new EventRaisedEvent { Name = "e", Input = input } };
}
