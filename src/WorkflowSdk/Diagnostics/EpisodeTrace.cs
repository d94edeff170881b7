using System.Diagnostics;
using TraceContext = System.Diagnostics.ActivityContext;
using WorkflowSdk.Backends;
using WorkflowSdk.History;
using Tags = WorkflowSdk.Diagnostics.WorkflowInstrumentation.Tags;

namespace WorkflowSdk.Diagnostics;

/// <summary>
/// The span of one orchestration episode. It is started only once the worker knows the instance's trace context (from
/// the start message, the cached executor, or replayed history), but with the time the work item arrived as its start,
/// so it covers the whole episode.
/// </summary>
internal sealed class EpisodeTrace(ActivitySource source, OrchestrationWorkItem workItem) : IDisposable
{
    private const int MaxLinks = 16;
    private readonly DateTime _receivedAt = DateTime.UtcNow;

    public Activity? Span { get; private set; }

    /// <summary>The <c>traceparent</c> to stamp on the episode's outbound messages.</summary>
    public string? TraceParent => Span?.Id;

    /// <summary>Starts the span as a child of <paramref name="parent"/>, linked to the spans that sent the messages.</summary>
    /// <param name="name">The orchestration's name.</param>
    /// <param name="parent">The instance's root <c>traceparent</c>; <see langword="null"/> makes the episode a root.</param>
    public void Start(string name, string? parent)
    {
        if (Span is not null || !source.HasListeners())
        {
            return;
        }

        var parentContext = Parse(parent) ?? default;
        List<ActivityLink>? links = null;
        foreach (var message in workItem.Messages)
        {
            if (message.TraceParent is not { } sender || sender == parent || Parse(sender) is not { } context)
            {
                continue;
            }

            links ??= [];
            if (links.Count < MaxLinks && !links.Exists(l => l.Context.SpanId == context.SpanId))
            {
                links.Add(new ActivityLink(context));
            }
        }

        // The worker's loops run with no ambient Activity.Current, so an empty parent makes a root span.
        var span = source.CreateActivity($"orchestration {name}", ActivityKind.Consumer, parentContext, tags: null, links, ActivityIdFormat.W3C);
        if (span is null)
        {
            return;
        }

        span.SetStartTime(_receivedAt);
        span.SetTag(Tags.InstanceId, workItem.InstanceId);
        span.SetTag(Tags.Orchestration, name);
        span.SetTag(Tags.Messages, workItem.Messages.Count);
        span.SetTag(Tags.DeliveryCount, workItem.DeliveryCount);
        Span = span.Start();
    }

    /// <summary>Starts the span, if not yet started, with the first message's context as parent (for failures before the instance is known).</summary>
    public void EnsureStarted(string what)
    {
        if (Span is null)
        {
            Start(what, workItem.Messages.Select(m => m.TraceParent).FirstOrDefault(t => t is not null));
        }
    }

    /// <summary>Reports a timer that fired in this episode: a span from its creation to now, child of the episode that created it.</summary>
    /// <param name="fired">The timer's message.</param>
    /// <param name="timer">The fired event.</param>
    /// <param name="createdAt">When the orchestration created the timer.</param>
    public void Timer(WorkMessage fired, TimerFiredEvent timer, DateTime createdAt)
    {
        if (!source.HasListeners())
        {
            return;
        }

        var parent = Parse(fired.TraceParent) ?? Span?.Context ?? default;
        using var span = source.CreateActivity("timer", ActivityKind.Internal, parent, tags: null, links: null, ActivityIdFormat.W3C);
        if (span is null)
        {
            return;
        }

        span.SetStartTime(DateTime.SpecifyKind(createdAt, DateTimeKind.Utc));
        span.SetTag(Tags.InstanceId, workItem.InstanceId);
        span.SetTag(Tags.TaskId, timer.TaskId);
        span.SetTag(Tags.FireAt, timer.FireAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var previous = Activity.Current;
        span.Start();
        span.Stop();
        Activity.Current = previous;
    }

    public void SetTag(string name, object? value) => Span?.SetTag(name, value);

    public void Failed(string description)
    {
        Span?.SetStatus(ActivityStatusCode.Error, description);
    }

    public void Dispose()
    {
        Span?.Stop();
    }

    private static TraceContext? Parse(string? traceParent) =>
        traceParent is not null && TraceContext.TryParse(traceParent, null, out var context) ? context : null;
}
