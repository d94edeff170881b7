namespace WorkflowSdk.Samples.VideoEncoding;

public sealed record EncodeVideoRequest(string VideoId, string Title, string SourceUrl, int SourceHeight, int DurationSeconds);

/// <summary>One entry of the encoding ladder: a resolution and its bitrates.</summary>
public sealed record Rendition(string Name, int Height, int VideoKbps, int AudioKbps);

public sealed record EncodeRenditionRequest(string VideoId, string SourceUrl, int DurationSeconds, Rendition Rendition);

/// <summary>An encoded file. <see cref="EncoderSeconds"/> is the encoder time it cost (what the farm bills).</summary>
public sealed record EncodedRendition(string Rendition, string Url, long SizeBytes, double EncoderSeconds);

public sealed record PublishManifestRequest(string VideoId, IReadOnlyList<EncodedRendition> Renditions);

public sealed record EncodingSummary(
    string VideoId, string Title, IReadOnlyList<EncodedRendition> Renditions, long TotalBytes, double TotalEncoderSeconds, string ManifestUrl);
