namespace WorkflowSdk.MongoDB;

/// <summary>
/// Thrown when something the store must write cannot fit in one MongoDB document, whose size is limited to
/// 16 MiB (16,777,216 bytes) of BSON. History is split into chunk documents, so only a single oversized item
/// (one history event, one outbox message, or an instance's input + output + custom status together) hits it.
/// </summary>
/// <remarks>
/// Payloads are bounded by <see cref="WorkflowWorkerOptions.MaxPayloadBytes"/> and
/// <see cref="WorkflowClientOptions.MaxPayloadBytes"/> (4 MiB by default), which keeps every document well inside
/// the limit; raising them past a few MiB makes this error possible. Keep large data elsewhere (a blob store) and
/// pass a reference instead.
/// </remarks>
public sealed class DocumentTooLargeException : Exception
{
    /// <summary>MongoDB's largest BSON document: 16 MiB.</summary>
    public const int MongoDBDocumentLimitBytes = 16 * 1024 * 1024;

    /// <summary>Creates the exception.</summary>
    /// <param name="instanceId">The instance being written.</param>
    /// <param name="what">What did not fit, e.g. "history event #3 (TaskCompleted)".</param>
    /// <param name="sizeBytes">Its size in BSON.</param>
    public DocumentTooLargeException(string instanceId, string what, long sizeBytes)
        : base($"Instance '{instanceId}' cannot be stored in MongoDB: {what} is {sizeBytes:N0} bytes of BSON, over MongoDB's " +
               $"16 MiB ({MongoDBDocumentLimitBytes:N0}-byte) document limit. Keep payloads smaller (MaxPayloadBytes bounds them; " +
               "the 4 MiB default always fits) or store large data elsewhere and pass a reference.")
    {
        InstanceId = instanceId;
        What = what;
        SizeBytes = sizeBytes;
    }

    /// <summary>The instance being written.</summary>
    public string InstanceId { get; }

    /// <summary>What did not fit.</summary>
    public string What { get; }

    /// <summary>Its size in BSON, in bytes.</summary>
    public long SizeBytes { get; }
}
