using WorkflowSdk.History;
using WorkflowSdk.Samples.VideoEncoding;
using static WorkflowSdk.Samples.VideoEncoding.VideoEncodingWorkflow;

namespace WorkflowSdk.Conformance.Scenarios;

/// <summary>The VideoEncoding sample: fan-out/fan-in.</summary>
public abstract class VideoEncodingScenarioTests : ConformanceTests
{
    [ConformanceFact]
    public async Task EncodeVideo_1080pSource_EncodesFiveRenditionsAndSumsTheirSizesAndEncoderTime()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var status = (await SampleScenarios.EncodeVideoAsync(run, sourceHeight: 1080)).Status;

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        var summary = status.ReadOutputAs<EncodingSummary>();
        Assert.Equal(["1080p", "720p", "480p", "360p", "240p"], summary.Renditions.Select(r => r.Rendition));
        // (video + audio kbit/s) × 125 bytes × 600 s; encoder time is 600 s × height / 1440.
        Assert.Equal([387_000_000L, 219_600_000L, 112_200_000L, 67_200_000L, 34_800_000L], summary.Renditions.Select(r => r.SizeBytes));
        Assert.Equal(820_800_000L, summary.TotalBytes);
        Assert.Equal(1_200.0, summary.TotalEncoderSeconds);
        Assert.Equal("https://cdn.example.com/video-1/master.m3u8", summary.ManifestUrl);
        Assert.Equal([Names.GetRenditions, .. Enumerable.Repeat(Names.EncodeRendition, 5), Names.PublishManifest], status.ActivityCalls());
    }

    [ConformanceFact]
    public async Task EncodeVideo_FanOut_SchedulesEveryEncodeInOneEpisodeAndPublishesOnlyAfterAllHaveFinished()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var status = (await SampleScenarios.EncodeVideoAsync(run, sourceHeight: 1080)).Status;

        var encodeEpisodes = status.EpisodesOf<TaskScheduledEvent>(e => e.Name == Names.EncodeRendition);
        Assert.Equal(5, encodeEpisodes.Count);
        Assert.Single(encodeEpisodes.Distinct());
        var encodeIds = status.Events<TaskScheduledEvent>().Where(e => e.Name == Names.EncodeRendition).Select(e => e.TaskId).ToList();
        Assert.Equal([1, 2, 3, 4, 5], encodeIds);
        var publish = status.IndexOf(e => e is TaskScheduledEvent { Name: Names.PublishManifest });
        var lastEncodeResult = status.History!.Select((e, i) => (e, i)).Where(x => x.e is TaskCompletedEvent c && encodeIds.Contains(c.TaskId)).Max(x => x.i);
        Assert.True(publish > lastEncodeResult, "the manifest was published before every encode had finished");
        Assert.Equal(
            ["1080p", "720p", "480p", "360p", "240p"],
            run.Host.Decode<PublishManifestRequest>(status.Events<TaskScheduledEvent>().Last().Input).Renditions.Select(r => r.Rendition));
    }

    [ConformanceFact]
    public async Task EncodeVideo_720pSource_SkipsTheRenditionsAboveTheSource()
    {
        await using var run = new ScenarioRun(CreateProvider());

        var status = (await SampleScenarios.EncodeVideoAsync(run, sourceHeight: 720)).Status;

        var summary = status.ReadOutputAs<EncodingSummary>();
        Assert.Equal(["720p", "480p", "360p", "240p"], summary.Renditions.Select(r => r.Rendition));
        Assert.Equal(4, status.ActivityCalls().Count(n => n == Names.EncodeRendition));
        Assert.Equal(433_800_000L, summary.TotalBytes);
    }
}
