using MessagePack;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using WorkflowSdk.Serialization;
using WorkflowSdk.Testing;

namespace WorkflowSdk.Tests.Serialization;

public sealed class WireFormatTests
{
    private static readonly DateTime T = new(2026, 11, 23, 13, 37, 42, 123, DateTimeKind.Utc);

    // Every event type's round trip (MessagePack, BSON and the JSON view, one set of samples) is
    // WorkflowSdk.MongoDB.Tests/History/HistoryEncodingTests; the field lists are checked by HistoryEventSchemaTests.

    [Fact]
    public void A_message_round_trips_with_its_envelope()
    {
        var message = new WorkMessage
        {
            MessageId = "id",
            InstanceId = "instance",
            ExecutionId = "execution",
            VisibleAtUtc = T,
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            Event = new TimerFiredEvent { Timestamp = T, TaskId = 9, FireAt = T },
        };

        var decoded = WireFormat.DecodeMessage(WireFormat.EncodeMessage(message));

        Assert.Equal(message with { Event = null! }, decoded with { Event = null! });
        Assert.Equal(Describe(message.Event), Describe(decoded.Event));
    }

    [Fact]
    public void Bytes_that_are_not_a_history_chunk_are_rejected_with_a_clear_error()
    {
        var error = Assert.Throws<InvalidDataException>(() => WireFormat.DecodeEvents(new byte[] { 0x93, 0x01, 0xff, 0x00 }));

        Assert.StartsWith("History data is not valid WorkflowSdk wire format:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_event_tag_is_rejected_naming_the_tag()
    {
        var bytes = Chunk((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(3);
            w.Write((byte)200);
            w.Write(T.Ticks);
            w.WriteNil();
        });

        var error = Assert.Throws<InvalidDataException>(() => WireFormat.DecodeEvents(bytes));

        Assert.Equal("Unknown history event type tag 200.", error.Message);
    }

    [Fact]
    public void A_start_event_written_before_trace_context_was_recorded_reads_without_it()
    {
        var bytes = Chunk((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(9);
            w.Write((byte)HistoryEventType.ExecutionStarted);
            w.Write(T.Ticks);
            w.WriteNil();
            w.Write("Trip");
            w.WriteNil();
            w.Write("e1");
            w.WriteNil();
            w.WriteNil();
            w.Write(0);
        });

        var decoded = Assert.IsType<ExecutionStartedEvent>(Assert.Single(WireFormat.DecodeEvents(bytes)));

        Assert.Equal("Trip", decoded.Name);
        Assert.Null(decoded.TraceParent);
    }

    [Fact]
    public void A_newer_writer_may_append_fields_that_this_reader_skips()
    {
        var bytes = Chunk((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(6);
            w.Write((byte)HistoryEventType.TaskCompleted);
            w.Write(T.Ticks);
            w.WriteNil();
            w.Write(5);
            w.Write(new byte[] { 1 });
            w.Write("a field from the future");
        });

        var decoded = Assert.IsType<TaskCompletedEvent>(Assert.Single(WireFormat.DecodeEvents(bytes)));

        Assert.Equal(5, decoded.TaskId);
    }

    [Fact]
    public void Failure_chains_deeper_than_the_limit_are_rejected_instead_of_overflowing_the_stack()
    {
        var deep = new FailureDetails("E", "0");
        for (var i = 1; i < 100; i++)
        {
            deep = new FailureDetails("E", $"{i}", null, deep);
        }

        var error = Assert.Throws<InvalidDataException>(() => WireFormat.DecodeFailure(WireFormat.EncodeFailure(deep)));

        Assert.Contains("nested deeper than 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Capturing_an_exception_cuts_an_over_deep_inner_chain_so_it_can_always_be_decoded()
    {
        Exception ex = new InvalidOperationException("0");
        for (var i = 1; i < 100; i++)
        {
            ex = new InvalidOperationException($"{i}", ex);
        }

        var decoded = WireFormat.DecodeFailure(WireFormat.EncodeFailure(FailureDetails.FromException(ex)));

        Assert.Equal("99", decoded.Message);
        Assert.Contains("WorkflowSdk.TruncatedFailure", decoded.ToString(), StringComparison.Ordinal);
    }

    private delegate void EventWriter(ref MessagePackWriter writer);

    private static byte[] Chunk(EventWriter writeEvent)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(WireFormat.FormatVersion);
        writer.WriteArrayHeader(1);
        writeEvent(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    // Records compare byte arrays by reference; describe them by content instead.
    private static string Describe(HistoryEvent e) => HistoryEventSamples.Describe(e);
}
