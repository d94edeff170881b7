using System.Text;

namespace WorkflowSdk.RabbitMQ.Internal;

/// <summary>
/// Maps an instance id to its orchestration partition: 32-bit FNV-1a over the id's UTF-8 bytes, modulo the partition
/// count. Stable across processes, platforms and .NET versions (unlike <see cref="string.GetHashCode()"/>), so every
/// sender picks the same partition.
/// </summary>
internal static class PartitionHash
{
    public static int PartitionOf(string instanceId, int partitionCount)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(instanceId) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(instanceId, buffer)]
            : Encoding.UTF8.GetBytes(instanceId);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * prime;
        }

        return (int)(hash % (uint)partitionCount);
    }
}
