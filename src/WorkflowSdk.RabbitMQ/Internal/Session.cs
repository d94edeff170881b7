using RabbitMQ.Client;

namespace WorkflowSdk.RabbitMQ.Internal;

/// <summary>One AMQP connection and the channels that hang off it.</summary>
internal sealed class Session(IConnection connection, long generation)
{
    private IChannel? _control;

    public IConnection Connection => connection;

    public long Generation => generation;

    public bool IsOpen => connection.IsOpen;

    /// <summary>The connection's publisher-confirm channels.</summary>
    public ConfirmChannelPool Publishers { get; } = new(connection);

    /// <summary>The channel whose consumer on <c>H.members</c> makes this worker count (orchestration receivers only).</summary>
    public IChannel? Members { get; set; }

    /// <summary>The channel for declarations and probes; a failed probe closes it, so it is recreated on demand.</summary>
    public async Task<IChannel> ControlAsync(CancellationToken cancellationToken)
    {
        var control = _control;
        if (control is { IsOpen: true })
        {
            return control;
        }

        control = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        _control = control;
        return control;
    }

    public async Task CloseAsync()
    {
        try
        {
            await connection.CloseAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already closed or unreachable: the broker drops it on its own.
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
