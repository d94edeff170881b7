namespace WorkflowSdk.Samples.VideoEncoding;

/// <summary>
/// The outside world of this sample, simulated: a farm of encoders. Encoding takes wall-clock time proportional to
/// the work (scaled down by <paramref name="wallTimePerEncoderMinute"/> so the sample runs in a second) and yields a
/// file whose size follows from the bitrates. It records how many encodes ran at once.
/// </summary>
public sealed class EncodingFarm(TimeSpan wallTimePerEncoderMinute = default, Action<string>? log = null)
{
    private static readonly Rendition[] Ladder =
    [
        new("2160p", 2160, 16_000, 192), new("1440p", 1440, 9_000, 192), new("1080p", 1080, 5_000, 160),
        new("720p", 720, 2_800, 128), new("480p", 480, 1_400, 96), new("360p", 360, 800, 96), new("240p", 240, 400, 64),
    ];

    private int _running;
    private int _mostAtOnce;

    /// <summary>The largest number of encodes that ran at the same time.</summary>
    public int MostEncodesAtOnce => Volatile.Read(ref _mostAtOnce);

    /// <summary>The renditions worth producing for a source: the ladder up to the source's own height.</summary>
    public Rendition[] RenditionsFor(EncodeVideoRequest video) => [.. Ladder.Where(r => r.Height <= video.SourceHeight)];

    public async Task<EncodedRendition> EncodeAsync(EncodeRenditionRequest request, CancellationToken cancellationToken)
    {
        var rendition = request.Rendition;
        // Encoders run at (1440 / height) times real time: small renditions are quick, 4K is slow.
        var encoderSeconds = Math.Round(request.DurationSeconds * rendition.Height / 1440.0, 1);
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _mostAtOnce, running);
        try
        {
            log?.Invoke($"encoding {request.VideoId} {rendition.Name} (encodes running now: {running})");
            await Task.Delay(wallTimePerEncoderMinute * (encoderSeconds / 60), cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }

        var bytes = (long)(rendition.VideoKbps + rendition.AudioKbps) * 1000 / 8 * request.DurationSeconds;
        return new EncodedRendition(rendition.Name, $"https://cdn.example.com/{request.VideoId}/{rendition.Name}.mp4", bytes, encoderSeconds);
    }

    public string PublishManifest(PublishManifestRequest request)
    {
        var url = $"https://cdn.example.com/{request.VideoId}/master.m3u8";
        log?.Invoke($"published {url} with {string.Join(", ", request.Renditions.Select(r => r.Rendition))}");
        return url;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
