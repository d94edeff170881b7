namespace WorkflowSdk.Samples.VideoEncoding;

/// <summary>
/// Fan-out/fan-in: asks which renditions a video needs, encodes all of them in parallel (one activity each, awaited
/// together with <see cref="Task.WhenAll{TResult}(IEnumerable{Task{TResult}})"/>), then publishes a manifest and
/// sums sizes and encoder time.
/// </summary>
/// <remarks>
/// All encode calls are scheduled in one episode and run at once on as many workers as there are; each result is
/// recorded as it arrives, so a crash loses no finished encode. The order of the results is the order of the calls,
/// whatever order they finished in.
/// </remarks>
public static class VideoEncodingWorkflow
{
    public static class Names
    {
        public const string EncodeVideo = "EncodeVideo";
        public const string GetRenditions = "GetRenditions";
        public const string EncodeRendition = "EncodeRendition";
        public const string PublishManifest = "PublishManifest";
    }

    /// <summary>Encoders are preemptible machines: an encode that fails is tried again on another one.</summary>
    public static readonly RetryOptions EncoderRetry = new(TimeSpan.FromSeconds(2), maxNumberOfAttempts: 3);

    [Orchestration(Names.EncodeVideo)]
    public static async Task<EncodingSummary> EncodeVideoAsync(OrchestrationContext context, EncodeVideoRequest video)
    {
        var renditions = await context.Activities.GetRenditionsAsync(video);

        // Fan out: start every encode before awaiting any of them.
        var encodes = renditions
            .Select(r => context.Activities.EncodeRenditionAsync(
                new EncodeRenditionRequest(video.VideoId, video.SourceUrl, video.DurationSeconds, r), EncoderRetry))
            .ToList();

        // Fan in.
        var encoded = await Task.WhenAll(encodes);

        var manifest = await context.Activities.PublishManifestAsync(new PublishManifestRequest(video.VideoId, encoded));
        return new EncodingSummary(
            video.VideoId, video.Title, encoded, encoded.Sum(e => e.SizeBytes), Math.Round(encoded.Sum(e => e.EncoderSeconds), 1), manifest);
    }

    /// <summary>Registers the orchestration and its activities (which run on <paramref name="farm"/>) through the generated, reflection-free <c>AddGeneratedWorkflows</c>.</summary>
    /// <param name="registry">The registry to add to.</param>
    /// <param name="farm">The (simulated) encoding farm.</param>
    /// <returns>The registry.</returns>
    public static WorkflowRegistry Register(WorkflowRegistry registry, EncodingFarm farm) =>
        registry.AddGeneratedWorkflows(new SampleServices(farm));
}

/// <summary>The activities: adapters from durable calls to the encoding farm.</summary>
public sealed class EncodingActivities(EncodingFarm farm)
{
    [Activity(VideoEncodingWorkflow.Names.GetRenditions)]
    public Rendition[] GetRenditions(EncodeVideoRequest video) => farm.RenditionsFor(video);

    [Activity(VideoEncodingWorkflow.Names.EncodeRendition)]
    public Task<EncodedRendition> EncodeRenditionAsync(ActivityContext context, EncodeRenditionRequest request) =>
        farm.EncodeAsync(request, context.CancellationToken);

    [Activity(VideoEncodingWorkflow.Names.PublishManifest)]
    public string PublishManifest(PublishManifestRequest request) => farm.PublishManifest(request);
}
