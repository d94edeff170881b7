using WorkflowSdk.Backends;

namespace WorkflowSdk.RabbitMQ.Internal;

/// <summary>
/// Whether this worker's receivers want one kind of work (orchestration work items or activity calls), how many receive
/// calls wait right now, and when one last ran. The maintenance loop consumes for a kind only while it is wanted, and
/// gives the consumption back (partitions, the activity consumer) once no receive ran for the idle timeout.
/// </summary>
internal sealed class ReceiverActivity(TimeProvider clock, AsyncPulse maintenanceWake)
{
    private long _lastReceiveTicks;
    private int _activeReceives;
    private volatile bool _wanted;

    /// <summary>Whether a receiver wants this kind of work.</summary>
    public bool Wanted => _wanted;

    /// <summary>Receive calls waiting right now.</summary>
    public int ActiveReceives => Volatile.Read(ref _activeReceives);

    /// <summary>How long no receive call ran.</summary>
    public TimeSpan IdleFor => Now - new DateTime(Volatile.Read(ref _lastReceiveTicks), DateTimeKind.Utc);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// A receiver asks now: it counts as a receive (so the maintenance loop woken here never finds it idle before the
    /// receive counts itself), and the loop is woken when the worker starts wanting this kind of work.
    /// </summary>
    public void Want()
    {
        Touch();
        if (!_wanted)
        {
            _wanted = true;
            maintenanceWake.PulseAll();
        }
    }

    /// <summary>The worker stopped receiving this kind of work.</summary>
    public void StopWanting() => _wanted = false;

    /// <summary>Marks work of this kind as just done (a receive returned, or a handed-out item finished).</summary>
    public void Touch() => Volatile.Write(ref _lastReceiveTicks, Now.Ticks);

    /// <summary>A receive call starts waiting; pair with <see cref="EndReceive"/>.</summary>
    public void BeginReceive() => Interlocked.Increment(ref _activeReceives);

    /// <summary>A receive call returned.</summary>
    public void EndReceive()
    {
        Touch();
        Interlocked.Decrement(ref _activeReceives);
    }
}
