namespace WorkflowSdk.Backends;

/// <summary>
/// The one way committed outbox messages reach a separate transport: publish them, then delete them from the outbox.
/// Three callers share it: the client (an instance's start message), the orchestration processor (the messages of the
/// episode it just committed) and the outbox relay (timers that fall due, and what a crashed worker or client committed
/// but did not publish).
/// </summary>
/// <remarks>
/// A message committed for immediate publishing is claimed by its committer for <see cref="CommitClaim"/>, so the relay
/// leaves it alone while the committer publishes it. A crash between publishing and deleting publishes it once more
/// after the claim runs out; every consumer de-duplicates by message id, so nothing is applied twice.
/// </remarks>
internal sealed class OutboxPublisher(WorkflowBackend backend, TimeSpan claimDuration)
{
    /// <summary>Whether the outbox has to be published at all (the transport is not the store itself).</summary>
    public bool IsNeeded => backend.UsesRelay;

    /// <summary>
    /// What a commit passes to the store for its messages that are due now: how long they stay claimed by the committer,
    /// or <see langword="null"/> when the transport reads the outbox itself and nothing needs publishing.
    /// </summary>
    public TimeSpan? CommitClaim => backend.UsesRelay ? claimDuration : null;

    /// <summary>Publishes entries a commit handed back, then deletes them from the outbox.</summary>
    /// <param name="entries">The entries (may be empty).</param>
    /// <param name="cancellationToken">Cancels the operation; what was not deleted is published again by the relay.</param>
    /// <returns>A task.</returns>
    public async Task PublishAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var messages = new WorkMessage[entries.Count];
        for (var i = 0; i < messages.Length; i++)
        {
            messages[i] = entries[i].Message;
        }

        await backend.Transport.SendAsync(messages, cancellationToken).ConfigureAwait(false);
        await backend.Store.DeleteOutboxAsync(entries, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Claims up to <paramref name="maxCount"/> due, unclaimed entries and publishes them (the relay's step).</summary>
    /// <param name="maxCount">The most entries to publish.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many entries were published.</returns>
    public async Task<int> PublishDueAsync(int maxCount, CancellationToken cancellationToken)
    {
        var entries = await backend.Store.ClaimDueOutboxAsync(maxCount, claimDuration, cancellationToken).ConfigureAwait(false);
        await PublishAsync(entries, cancellationToken).ConfigureAwait(false);
        return entries.Count;
    }
}
