using Microsoft.Extensions.Logging;
using WorkflowSdk.Backends;
using WorkflowSdk.Diagnostics;

namespace WorkflowSdk.Worker;

/// <summary>
/// Applies <see cref="WorkflowWorkerOptions.Retention"/>: a sweep when the worker starts and then every
/// <see cref="RetentionPolicy.Interval"/>, through a client of the worker's backend. A failed sweep is logged and tried
/// again at the next interval.
/// </summary>
internal sealed class RetentionSweeper
{
    private readonly RetentionPolicy _policy;
    private readonly WorkflowClient _client;
    private readonly TimeProvider _clock;
    private readonly WorkflowInstrumentation _instrumentation;
    private readonly ILogger _logger;

    public RetentionSweeper(WorkflowBackend backend, RetentionPolicy policy, WorkflowWorkerOptions options, WorkflowInstrumentation instrumentation, ILogger logger)
    {
        _policy = policy;
        _clock = options.TimeProvider;
        _instrumentation = instrumentation;
        _logger = logger;
        _client = new WorkflowClient(backend, new WorkflowClientOptions
        {
            TimeProvider = options.TimeProvider,
            PayloadSerializer = options.PayloadSerializer,
            Instrumentation = instrumentation,
        });
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await SweepAsync(stopping).ConfigureAwait(false);
            try
            {
                await Task.Delay(_policy.Interval, _clock, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SweepAsync(CancellationToken stopping)
    {
        try
        {
            var result = await _client.PurgeExpiredAsync(_policy, stopping).ConfigureAwait(false);
            Count(OrchestrationRuntimeStatus.Completed, result.Completed);
            Count(OrchestrationRuntimeStatus.Failed, result.Failed);
            Count(OrchestrationRuntimeStatus.Terminated, result.Terminated);
            if (result.Total > 0)
            {
                _logger.RetentionPurged(result.Total, result.Completed, result.Failed, result.Terminated);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _logger.RetentionFailed(ex, _policy.Interval);
        }
    }

    private void Count(OrchestrationRuntimeStatus status, int purged)
    {
        if (purged > 0)
        {
            _instrumentation.RetentionPurged.Add(purged, new KeyValuePair<string, object?>(WorkflowInstrumentation.Tags.Status, status.ToString()));
        }
    }
}
