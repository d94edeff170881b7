using Microsoft.Extensions.Logging;
using WorkflowSdk.Backends;

namespace WorkflowSdk.Worker;

/// <summary>
/// Publishes outbox messages that are due and unclaimed: durable timers when they fall due, and anything a
/// crashed worker committed but did not publish. Only runs when the transport is not the store itself.
/// </summary>
internal sealed class OutboxRelay(OutboxPublisher publisher, IWorkflowStore store, WorkflowWorkerOptions options, ILogger logger)
{
    private const int BatchSize = 256;
    private readonly AsyncPulse _wake = new();

    /// <summary>Looks at the outbox again now (a local commit added a timer that may be due before the next poll).</summary>
    public void Wake() => _wake.PulseAll();

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var woken = _wake.NextPulse;
                if (await publisher.PublishDueAsync(BatchSize, stopping).ConfigureAwait(false) > 0)
                {
                    continue;
                }

                var next = await store.GetNextOutboxDueTimeAsync(stopping).ConfigureAwait(false);
                var now = options.TimeProvider.GetUtcNow().UtcDateTime;
                var wait = next is { } due && due - now < options.RelayPollInterval ? due - now : options.RelayPollInterval;
                if (wait > TimeSpan.Zero)
                {
                    await Task.WhenAny(woken, Task.Delay(wait, options.TimeProvider, stopping)).ConfigureAwait(false);
                    stopping.ThrowIfCancellationRequested();
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.RelayFailed(ex);
                await Task.Delay(options.ErrorRetryDelay, options.TimeProvider, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
