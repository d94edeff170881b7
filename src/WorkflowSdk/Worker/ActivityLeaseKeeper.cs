using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using WorkflowSdk.Backends;

namespace WorkflowSdk.Worker;

/// <summary>
/// Keeps the leases of all running activity calls of a worker alive with one loop, instead of a timer per call:
/// every renewal interval it renews them all at once, and cancels the token of a call whose lease was lost (another
/// worker owns it now).
/// </summary>
internal sealed class ActivityLeaseKeeper(WorkflowWorkerOptions options, ILogger logger)
{
    private readonly ConcurrentDictionary<ActivityWorkItem, CancellationTokenSource> _running = new(ReferenceEqualityComparer.Instance);

    /// <summary>Starts keeping a call's lease; dispose the result when the call is done.</summary>
    /// <param name="workItem">The running call.</param>
    /// <param name="stopping">The worker's shutdown token.</param>
    /// <returns>A handle whose token is cancelled on shutdown or when the lease is lost.</returns>
    public Lease Track(ActivityWorkItem workItem, CancellationToken stopping)
    {
        var lost = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _running[workItem] = lost;
        return new Lease(this, workItem, lost);
    }

    /// <summary>Renews every running call's lease each interval until <paramref name="stopping"/>.</summary>
    /// <param name="stopping">Ends the loop.</param>
    /// <returns>A task.</returns>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.ActivityLeaseRenewalInterval, options.TimeProvider, stopping).ConfigureAwait(false);
                await Task.WhenAll(_running.ToArray().Select(RenewAsync)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task RenewAsync(KeyValuePair<ActivityWorkItem, CancellationTokenSource> running)
    {
        try
        {
            if (!await running.Key.RenewLeaseAsync(CancellationToken.None).ConfigureAwait(false) && _running.ContainsKey(running.Key))
            {
                await running.Value.CancelAsync().ConfigureAwait(false);
            }
        }
        catch (ObjectDisposedException)
        {
            // The call finished meanwhile.
        }
        catch (Exception ex)
        {
            logger.ActivityWorkFailed(ex, "(lease renewal)", running.Key.Message.InstanceId, -1);
        }
    }

    /// <summary>A tracked call.</summary>
    internal sealed class Lease(ActivityLeaseKeeper keeper, ActivityWorkItem workItem, CancellationTokenSource lost) : IDisposable
    {
        /// <summary>Cancelled on shutdown or when the lease is lost.</summary>
        public CancellationToken Token => lost.Token;

        /// <summary>Whether the token was cancelled.</summary>
        public bool IsLost => lost.IsCancellationRequested;

        public void Dispose()
        {
            keeper._running.TryRemove(workItem, out _);
            lost.Dispose();
        }
    }
}
