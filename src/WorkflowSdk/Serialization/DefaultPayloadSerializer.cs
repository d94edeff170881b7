using System.Runtime.CompilerServices;

namespace WorkflowSdk.Serialization;

/// <summary>
/// The payload serializer that worker and client options start with: <see cref="MessagePackPayloadSerializer"/>,
/// except where code cannot be generated at run time (NativeAOT), which its contractless resolver needs.
/// </summary>
/// <remarks>
/// <see cref="RuntimeFeature.IsDynamicCodeSupported"/> is a constant <see langword="false"/> for the NativeAOT compiler,
/// so the MessagePack branch (and the dynamic resolvers behind it) is removed from native programs instead of
/// producing trimming and AOT warnings; such programs set a source-generated serializer explicitly.
/// </remarks>
internal static class DefaultPayloadSerializer
{
    public static IPayloadSerializer Create() =>
        RuntimeFeature.IsDynamicCodeSupported ? new MessagePackPayloadSerializer() : new NoSerializer();

    /// <summary>Stands in for a serializer under NativeAOT and says what to do instead.</summary>
    private sealed class NoSerializer : IPayloadSerializer
    {
        private const string Message =
            "The default payload serializer (MessagePack, contractless) generates code at run time, which NativeAOT cannot do. " +
            "Set WorkflowWorkerOptions.PayloadSerializer and WorkflowClientOptions.PayloadSerializer to a serializer with " +
            "source-generated metadata (e.g. System.Text.Json with a JsonSerializerContext).";

        public byte[] Serialize<T>(T value) => throw new NotSupportedException(Message);

        public byte[] SerializeObject(object? value) => throw new NotSupportedException(Message);

        public T Deserialize<T>(ReadOnlyMemory<byte> payload) => throw new NotSupportedException(Message);

        public string ToJson(ReadOnlyMemory<byte> payload) => throw new NotSupportedException(Message);
    }
}
