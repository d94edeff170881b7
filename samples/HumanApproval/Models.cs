namespace WorkflowSdk.Samples.HumanApproval;

/// <summary>
/// A purchase that needs a person's approval. <see cref="Approver"/> has <see cref="ApprovalTimeout"/> to answer;
/// after that the request is escalated to <see cref="EscalationApprover"/>, who has <see cref="EscalationTimeout"/>.
/// </summary>
public sealed record PurchaseRequest(
    string RequestId, string Requester, string Item, decimal Amount,
    string Approver, string EscalationApprover, TimeSpan ApprovalTimeout, TimeSpan EscalationTimeout);

/// <summary>The message asking someone to decide.</summary>
public sealed record ApprovalNotice(string RequestId, string To, string Summary, TimeSpan AnswerWithin, bool Escalated);

/// <summary>The external event's data: a person's decision.</summary>
public sealed record ApprovalDecision(bool Approved, string DecidedBy, string? Comment);

/// <summary>The message telling the requester how it ended.</summary>
public sealed record RequesterNotice(string RequestId, string To, string Text);

/// <summary>Where the request stands: the instance's custom status, readable by clients while it runs.</summary>
public sealed record ApprovalProgress(string Stage, string WaitingFor);

/// <summary>The stages in <see cref="ApprovalProgress.Stage"/>.</summary>
public static class Stages
{
    public const string AwaitingApprover = "AwaitingApprover";
    public const string AwaitingEscalation = "AwaitingEscalation";
    public const string Decided = "Decided";
}

/// <summary>How the request ended.</summary>
public sealed record PurchaseOutcome(string RequestId, bool Approved, string DecidedBy, string? Comment, bool Escalated, string? OrderNumber);
