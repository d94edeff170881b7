using WorkflowSdk.History;
using WorkflowSdk.Testing;

namespace WorkflowSdk.Tests.History;

/// <summary>
/// The per-event field lists (each event's nested <c>Schema</c>) that the MessagePack, BSON and JSON forms are built
/// on. The round trip of every sample through every encoding is in WorkflowSdk.MongoDB.Tests (HistoryEncodingTests),
/// the one project that sees all three.
/// </summary>
public sealed class HistoryEventSchemaTests
{
    public static TheoryData<int> SampleIndexes => [.. Enumerable.Range(0, HistoryEventSamples.All.Count)];

    public static TheoryData<int> FullSampleIndexes => [.. Enumerable.Range(0, HistoryEventSamples.Full.Count)];

    [Fact]
    public void There_is_one_full_and_one_minimal_sample_of_every_event_type()
    {
        Assert.NotEmpty(HistoryEventSamples.EventTypes);
        Assert.Equal(HistoryEventSamples.EventTypes, HistoryEventSamples.Full.Select(e => e.GetType()).OrderBy(t => t.Name));
        Assert.Equal(HistoryEventSamples.EventTypes, HistoryEventSamples.Minimal.Select(e => e.GetType()).OrderBy(t => t.Name));
        Assert.Equal(Enum.GetValues<HistoryEventType>().Order(), HistoryEventSamples.Full.Select(e => e.EventType).Order());
    }

    [Theory]
    [MemberData(nameof(FullSampleIndexes))]
    public void A_full_sample_sets_every_property_to_a_value_that_is_not_its_default(int index)
    {
        var sample = HistoryEventSamples.Full[index];

        foreach (var property in sample.GetType().GetProperties())
        {
            var value = property.GetValue(sample);
            var isDefault = value switch
            {
                null => true,
                byte[] bytes => bytes.Length == 0,
                string text => text.Length == 0,
                int number => number == 0,
                DateTime time => time == default,
                _ => false,
            };
            Assert.False(isDefault, $"{sample.GetType().Name}.{property.Name} is not set in the full sample.");
        }
    }

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void An_event_is_rebuilt_from_the_fields_its_schema_writes_in_the_order_it_writes_them(int index)
    {
        var original = HistoryEventSamples.All[index];

        var written = Write(original);
        var reader = new ReplayingReader(written.Fields, original.Timestamp, original.MessageId);
        var rebuilt = HistoryEventSchema.Read(ref reader, original.EventType);

        Assert.NotNull(rebuilt);
        Assert.Equal(written.Fields.Count, reader.Position);
        Assert.Equal(HistoryEventSamples.Describe(original), HistoryEventSamples.Describe(rebuilt));
        Assert.All(written.Fields, f => Assert.Equal(f.Field.Kind, f.Kind));
    }

    [Theory]
    [MemberData(nameof(FullSampleIndexes))]
    public void A_schema_names_each_field_once_and_keeps_appended_fields_at_its_end(int index)
    {
        var fields = Write(HistoryEventSamples.Full[index]).Fields.Select(f => f.Field).ToList();

        Assert.Equal(fields.Count, fields.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(fields, f => f.Name is "type" or "ts" or "timestamp" or "messageId");
        var firstAppended = fields.FindIndex(f => f.IsAppended);
        if (firstAppended >= 0)
        {
            Assert.All(fields.Skip(firstAppended), f => Assert.True(f.IsAppended, $"{f.Name} follows an appended field without being appended."));
        }

        Assert.All(fields.Where(f => f.IsAppended), f => Assert.Contains(f.Kind, new[] { HistoryFieldKind.String, HistoryFieldKind.Payload, HistoryFieldKind.Parent }));
        Assert.All(fields.Where(f => f.IsShownLast), f => Assert.Equal(HistoryFieldKind.String, f.Kind));
        Assert.True(fields.Count(f => f.IsShownLast) <= 1);
        Assert.All(fields.Where(f => f.OmitsZero), f => Assert.Equal(HistoryFieldKind.Int32, f.Kind));
    }

    [Theory]
    [MemberData(nameof(FullSampleIndexes))]
    public void The_binary_field_count_leaves_off_only_appended_fields_without_a_value(int index)
    {
        var full = Write(HistoryEventSamples.Full[index]);
        var minimal = Write(HistoryEventSamples.Minimal.Single(e => e.GetType() == HistoryEventSamples.Full[index].GetType()));

        Assert.Equal(full.Fields.Count, full.Count);
        Assert.Equal(minimal.Fields.Count - minimal.Fields.Count(f => f.Field.IsAppended), minimal.Count);
    }

    [Theory]
    [MemberData(nameof(FullSampleIndexes))]
    public void A_minimal_sample_leaves_every_optional_field_out(int index)
    {
        var minimal = HistoryEventSamples.Minimal.Single(e => e.GetType() == HistoryEventSamples.Full[index].GetType());

        Assert.Null(minimal.MessageId);
        Assert.All(
            Write(minimal).Fields.Where(f => !f.Field.IsRequired),
            f => Assert.True(f.Value is null or 0, $"{minimal.GetType().Name}: optional field '{f.Field.Name}' is set."));
    }

    private static (List<RecordedField> Fields, int Count) Write(HistoryEvent e) => HistoryEventSamples.Fields(e);

    /// <summary>Gives back what a <see cref="RecordingWriter"/> recorded, checking that fields are asked for in the same order.</summary>
    private struct ReplayingReader(List<RecordedField> fields, DateTime timestamp, string? messageId) : IHistoryFieldReader
    {
        public readonly DateTime Timestamp => timestamp;

        public readonly string? MessageId => messageId;

        public int Position { get; private set; }

        public int Int32(HistoryField field) => (int)Next(field, HistoryFieldKind.Int32)!;

        public string? String(HistoryField field) => (string?)Next(field, HistoryFieldKind.String);

        public string RequiredString(HistoryField field) => (string)Next(field, HistoryFieldKind.String)!;

        public byte[]? Payload(HistoryField field) => (byte[]?)Next(field, HistoryFieldKind.Payload);

        public DateTime Time(HistoryField field) => (DateTime)Next(field, HistoryFieldKind.Time)!;

        public FailureDetails Failure(HistoryField field) => (FailureDetails)Next(field, HistoryFieldKind.Failure)!;

        public ParentInstance? Parent(HistoryField field) => (ParentInstance?)Next(field, HistoryFieldKind.Parent);

        private object? Next(HistoryField field, HistoryFieldKind kind)
        {
            Assert.True(Position < fields.Count, $"The schema reads '{field.Name}' after the last field it wrote.");
            var recorded = fields[Position++];
            Assert.Same(recorded.Field, field);
            Assert.Equal(recorded.Kind, kind);
            return recorded.Value;
        }
    }
}
