using static System.FormattableString;

namespace WorkflowSdk.Samples.HumanApproval;

/// <summary>
/// The outside world of this sample, simulated: a mail server that delivers notices (kept in <see cref="Outbox"/>)
/// and a purchasing system that places orders, idempotently per request.
/// </summary>
public sealed class Procurement(Action<string>? log = null)
{
    private readonly Lock _lock = new();
    private readonly List<string> _outbox = [];
    private readonly Dictionary<string, string> _orders = new(StringComparer.Ordinal);

    /// <summary>Every message sent, as <c>to: text</c>.</summary>
    public IReadOnlyList<string> Outbox
    {
        get
        {
            lock (_lock)
            {
                return [.. _outbox];
            }
        }
    }

    /// <summary>The orders placed, by request id.</summary>
    public IReadOnlyDictionary<string, string> Orders
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, string>(_orders);
            }
        }
    }

    public string SendApprovalRequest(ApprovalNotice notice) =>
        Send(notice.To, Invariant($"{(notice.Escalated ? "ESCALATED: " : "")}please approve {notice.Summary} within {notice.AnswerWithin} ({notice.RequestId})"));

    public string NotifyRequester(RequesterNotice notice) => Send(notice.To, notice.Text);

    public string PlaceOrder(PurchaseRequest request)
    {
        lock (_lock)
        {
            if (!_orders.TryGetValue(request.RequestId, out var order))
            {
                order = $"PO-{_orders.Count + 1001}";
                _orders[request.RequestId] = order;
                log?.Invoke(Invariant($"order {order} placed: {request.Item}, {request.Amount:0.00}"));
            }

            return order;
        }
    }

    private string Send(string to, string text)
    {
        lock (_lock)
        {
            _outbox.Add($"{to}: {text}");
        }

        log?.Invoke($"mail to {to}: {text}");
        return $"sent to {to}";
    }
}
