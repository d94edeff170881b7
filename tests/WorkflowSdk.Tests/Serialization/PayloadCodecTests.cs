using WorkflowSdk.Serialization;

namespace WorkflowSdk.Tests.Serialization;

public sealed class PayloadCodecTests
{
    private readonly PayloadCodec _codec = new(new MessagePackPayloadSerializer(), maxPayloadBytes: 256);

    [Fact]
    public void Records_round_trip_without_attributes()
    {
        var trip = new Trip("AMS", "NRT", [new Leg(1, "KL861")]);

        var decoded = _codec.Decode<Trip>(_codec.EncodeObject(trip, "trip"), "trip");

        Assert.Equal("AMS", decoded.From);
        Assert.Equal("KL861", decoded.Legs[0].Flight);
    }

    [Fact]
    public void Json_typed_by_a_person_reads_back_as_the_declared_type()
    {
        var payload = _codec.FromJson("""{"From":"AMS","To":"NRT","Legs":[{"Number":1,"Flight":"KL861"}]}""", "input");

        var trip = _codec.Decode<Trip>(payload, "input");

        Assert.Equal("NRT", trip.To);
        Assert.Equal(1, trip.Legs[0].Number);
        Assert.Equal("KL861", trip.Legs[0].Flight);
        Assert.Equal(42, _codec.Decode<int>(_codec.FromJson("42", "n"), "n"));
        Assert.Equal("hi", _codec.Decode<string>(_codec.FromJson("\"hi\"", "s"), "s"));
    }

    [Fact]
    public void Text_that_is_not_json_is_refused_naming_what_it_was_for()
    {
        var error = Assert.Throws<PayloadSerializationException>(() => _codec.FromJson("{From: AMS", "input of orchestration 'Trip'"));

        Assert.StartsWith("The input of orchestration 'Trip' is not usable JSON:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_no_payload_and_decodes_to_default()
    {
        Assert.Null(_codec.EncodeObject(null, "nothing"));
        Assert.Equal(0, _codec.Decode<int>(null, "nothing"));
    }

    [Fact]
    public void A_payload_above_the_limit_is_refused_naming_what_it_was_and_both_sizes()
    {
        var error = Assert.Throws<PayloadSerializationException>(() => _codec.EncodeObject(System.Security.Cryptography.RandomNumberGenerator.GetBytes(1000), "input of activity 'Upload'"));

        Assert.Matches(@"^The input of activity 'Upload' is 1,0\d\d bytes serialized, above the limit of 256 bytes\.", error.Message);
    }

    [Fact]
    public void Bytes_that_do_not_deserialize_as_the_asked_type_say_what_and_which_type()
    {
        var bytes = _codec.EncodeObject("just a string", "x");

        var error = Assert.Throws<PayloadSerializationException>(() => _codec.Decode<Trip>(bytes, "result of activity 'Plan'"));

        Assert.StartsWith($"The result of activity 'Plan' could not be deserialized as {typeof(Trip).FullName}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_the_default_serializer_cannot_reach_is_refused_saying_it_must_be_public()
    {
        var error = Assert.Throws<PayloadSerializationException>(() => _codec.Encode(new Hidden("x"), "input of orchestration 'Secret'"));

        Assert.StartsWith($"The input of orchestration 'Secret' (a {typeof(Hidden).FullName}) could not be serialized:", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{typeof(Hidden).FullName}' is not public", error.Message, StringComparison.Ordinal);
        var decoding = Assert.Throws<PayloadSerializationException>(() => _codec.Decode<Hidden>(_codec.EncodeObject("x", "x"), "result of activity 'Secret'"));
        Assert.Contains($"'{typeof(Hidden).FullName}' is not public", decoding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Large_payloads_are_compressed()
    {
        var codec = new PayloadCodec(new MessagePackPayloadSerializer());
        var text = string.Concat(Enumerable.Repeat("all work and no play ", 500));

        var bytes = codec.EncodeObject(text, "text")!;

        Assert.True(bytes.Length < text.Length / 10, $"{bytes.Length} bytes for {text.Length} characters");
        Assert.Equal(text, codec.Decode<string>(bytes, "text"));
    }

    [Fact]
    public void Typeless_resolvers_are_refused()
    {
        var options = MessagePack.MessagePackSerializerOptions.Standard.WithResolver(MessagePack.Resolvers.TypelessContractlessStandardResolver.Instance);

        Assert.Throws<ArgumentException>(() => new MessagePackPayloadSerializer(options));
    }

    [Fact]
    public void Unreadable_payloads_render_as_a_description_not_an_exception()
    {
        var json = _codec.ToJson([0xc1]);

        Assert.StartsWith("\"<1 bytes that are not readable:", json, StringComparison.Ordinal);
    }

    public sealed record Trip(string From, string To, Leg[] Legs);

    public sealed record Leg(int Number, string Flight);
}

internal sealed record Hidden(string Value);
