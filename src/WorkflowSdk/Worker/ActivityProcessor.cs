using System.Diagnostics;
using Microsoft.Extensions.Logging;
using WorkflowSdk.Backends;
using WorkflowSdk.Diagnostics;
using WorkflowSdk.History;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.Worker;

/// <summary>
/// Runs one activity call and reports its result to the calling instance. Activities run at least once;
/// the result message's id is derived from the call's id, so a second run's result is a duplicate the
/// orchestration drops.
/// </summary>
internal sealed class ActivityProcessor(
    WorkflowRegistry registry,
    PayloadCodec codec,
    WorkflowWorkerOptions options,
    WorkflowInstrumentation instrumentation,
    ActivityLeaseKeeper leases,
    ILogger logger)
{
    public async Task ProcessAsync(ActivityWorkItem workItem, CancellationToken stopping)
    {
        var call = workItem.Message;
        if (call.Event is not TaskScheduledEvent scheduled)
        {
            // Not an activity call: nothing can run it. Keep it for inspection.
            await workItem.DeadLetterAsync(
                $"The activity queue received a {call.Event.EventType} message, which is not an activity call.",
                ResultMessage(call, new TaskFailedEvent { TaskId = -1, FailureDetails = new FailureDetails("WorkflowSdk.InvalidMessage", "Not an activity call.") }),
                CancellationToken.None).ConfigureAwait(false);
            return;
        }

        if (workItem.DeliveryCount > options.MaxDeliveryCount)
        {
            var reason = $"Activity '{scheduled.Name}' (instance '{call.InstanceId}', task #{scheduled.TaskId}) was delivered " +
                         $"{workItem.DeliveryCount} times without completing (limit {options.MaxDeliveryCount}); it was dead-lettered. " +
                         "A worker probably crashed or lost its lease while running it each time.";
            logger.ActivityDeadLettered(scheduled.Name, call.InstanceId, scheduled.TaskId, workItem.DeliveryCount);
            instrumentation.DeadLetters.Add(1, new KeyValuePair<string, object?>(WorkflowInstrumentation.Tags.Queue, "activity"));
            await workItem.DeadLetterAsync(reason, Failed(call, scheduled, new FailureDetails("WorkflowSdk.PoisonMessage", reason, IsNonRetriable: true)),
                CancellationToken.None).ConfigureAwait(false);
            return;
        }

        using var scope = logger.ActivityScope(call.InstanceId, scheduled.Name, scheduled.TaskId);
        using var span = StartSpan(call, scheduled, workItem.DeliveryCount);
        using var lease = leases.Track(workItem, stopping);
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        WorkMessage result;
        instrumentation.ActiveActivities.Add(1);
        try
        {
            var runner = registry.FindActivity(scheduled.Name)
                ?? throw new ActivityNotFoundException(scheduled.Name, registry.ActivityNames);
            var context = new ActivityContext(call.InstanceId, scheduled.Name, scheduled.TaskId, workItem.DeliveryCount, lease.Token);
            var output = await runner.RunAsync(context, scheduled.Input, codec).ConfigureAwait(false);
            result = ResultMessage(call, new TaskCompletedEvent { Timestamp = Now, TaskId = scheduled.TaskId, Result = output });
            outcome = "completed";
        }
        catch (OperationCanceledException) when (lease.IsLost)
        {
            // Shutting down or lease lost: the call is delivered again, to this or another worker.
            outcome = "released";
            span?.SetTag(WorkflowInstrumentation.Tags.Outcome, outcome);
            await AbandonQuietlyAsync(workItem).ConfigureAwait(false);
            return;
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            result = Failed(call, scheduled, FailureDetails.FromException(ex));
        }
        finally
        {
            instrumentation.ActiveActivities.Add(-1);
            var activityTag = new KeyValuePair<string, object?>(WorkflowInstrumentation.Tags.Activity, scheduled.Name);
            var outcomeTag = new KeyValuePair<string, object?>(WorkflowInstrumentation.Tags.Outcome, outcome);
            instrumentation.ActivityDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, activityTag, outcomeTag);
            instrumentation.ActivityExecutions.Add(1, activityTag, outcomeTag);
        }

        span?.SetTag(WorkflowInstrumentation.Tags.Outcome, outcome);

        try
        {
            if (!await workItem.CompleteAsync(result, CancellationToken.None).ConfigureAwait(false))
            {
                logger.ActivityLeaseLost(scheduled.Name, call.InstanceId, scheduled.TaskId);
            }
        }
        catch (Exception ex)
        {
            logger.ActivityWorkFailed(ex, scheduled.Name, call.InstanceId, scheduled.TaskId);
            await AbandonQuietlyAsync(workItem).ConfigureAwait(false);
        }
    }

    private DateTime Now => options.TimeProvider.GetUtcNow().UtcDateTime;

    private WorkMessage Failed(WorkMessage call, TaskScheduledEvent scheduled, FailureDetails failure) =>
        ResultMessage(call, new TaskFailedEvent { Timestamp = Now, TaskId = scheduled.TaskId, FailureDetails = failure });

    private static WorkMessage ResultMessage(WorkMessage call, HistoryEvent result) => new()
    {
        MessageId = call.MessageId + ".result",
        InstanceId = call.InstanceId,
        ExecutionId = call.ExecutionId,
        Event = result,
        TraceParent = Activity.Current?.Id ?? call.TraceParent,
    };

    private static async Task AbandonQuietlyAsync(ActivityWorkItem workItem)
    {
        try
        {
            await workItem.AbandonAsync(TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The lease runs out on its own; nothing is lost.
        }
    }

    /// <summary>The activity execution's span: a child of the episode that scheduled the call (whose context the call carries).</summary>
    private Activity? StartSpan(WorkMessage call, TaskScheduledEvent scheduled, int deliveryCount)
    {
        // The worker's loops run with no ambient Activity.Current, so a call without context makes a root span.
        var parent = call.TraceParent is not null && System.Diagnostics.ActivityContext.TryParse(call.TraceParent, null, out var context) ? context : default;
        var span = instrumentation.ActivitySource.StartActivity($"activity {scheduled.Name}", ActivityKind.Consumer, parent);
        if (span is not null)
        {
            span.SetTag(WorkflowInstrumentation.Tags.InstanceId, call.InstanceId);
            span.SetTag(WorkflowInstrumentation.Tags.Activity, scheduled.Name);
            span.SetTag(WorkflowInstrumentation.Tags.TaskId, scheduled.TaskId);
            span.SetTag(WorkflowInstrumentation.Tags.DeliveryCount, deliveryCount);
        }

        return span;
    }
}
