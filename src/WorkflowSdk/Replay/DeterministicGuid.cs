using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WorkflowSdk.Replay;

/// <summary>Name-based (version 5, SHA-1) UUIDs as in RFC 9562: the same name always gives the same GUID.</summary>
internal static class DeterministicGuid
{
    /// <summary>The namespace of GUIDs made by <see cref="OrchestrationContext.NewGuid"/>.</summary>
    public static readonly Guid OrchestrationNamespace = new("9e952958-5e33-4daf-827f-2fa12937b875");

    /// <summary>Creates the version-5 UUID of <paramref name="name"/> in <paramref name="namespaceId"/>.</summary>
    /// <param name="namespaceId">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <returns>The UUID.</returns>
    public static Guid Create(Guid namespaceId, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version-5 UUIDs; no security depends on it.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
