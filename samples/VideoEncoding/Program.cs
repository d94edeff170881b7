// Video encoding: fan-out/fan-in, on the embedded SQLite backend.
//
//   dotnet run --project samples/VideoEncoding [-- --db <file>] [--verbose]
//
// Encodes a 10-minute 1080p video into five renditions in parallel and sums what they cost.
using System.Globalization;
using WorkflowSdk;
using WorkflowSdk.Samples;
using WorkflowSdk.Samples.VideoEncoding;

await using var host = SampleHost.Open("VideoEncoding", args);
var farm = new EncodingFarm(wallTimePerEncoderMinute: TimeSpan.FromMilliseconds(60), log: line => Console.WriteLine($"      [encoding farm] {line}"));
await host.StartWorkerAsync(VideoEncodingWorkflow.Register(new WorkflowRegistry(), farm));

Console.WriteLine("WorkflowSdk sample: video encoding (fan-out/fan-in)");
host.PrintDatabase();

var video = new EncodeVideoRequest(SampleHost.NewInstanceId("video"), "Durable workflows in ten minutes", "s3://uploads/durable-workflows.mov", 1080, 600);
Console.WriteLine($"Encoding '{video.Title}' ({video.VideoId}, {video.SourceHeight}p, {video.DurationSeconds / 60} min):");
var status = await host.RunAsync(host.Client.StartEncodeVideoAsync(video, video.VideoId));
var summary = status.ReadOutputAs<EncodingSummary>();

Console.WriteLine();
Console.WriteLine($"{summary.Renditions.Count} renditions, up to {farm.MostEncodesAtOnce} encoding at once:");
foreach (var r in summary.Renditions)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {r.Rendition,-6} {r.SizeBytes / 1e6,8:0.0} MB  {r.EncoderSeconds,6:0.0} encoder-s  {r.Url}"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  total  {summary.TotalBytes / 1e6,8:0.0} MB  {summary.TotalEncoderSeconds,6:0.0} encoder-s  manifest {summary.ManifestUrl}"));
Console.WriteLine();
Timeline.Print(status);
