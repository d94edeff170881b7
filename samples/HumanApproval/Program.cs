// Human approval with a deadline: an external event, raised from a second command, with escalation on timeout.
//
//   dotnet run --project samples/HumanApproval [-- --db <file>] [--verbose]
//       Demo in one process: one request approved in time; one escalated after nobody answered, then approved.
//   dotnet run --project samples/HumanApproval -- request
//       Runs a worker, starts a purchase request and waits for a decision (escalates after 2 minutes).
//   dotnet run --project samples/HumanApproval -- approve <id> [comment]    (or: reject <id> [comment])
//       A client only: raises the decision event on the same database file, from another terminal.
//   dotnet run --project samples/HumanApproval -- status <id>
//       Shows where a request stands and its timeline.
using WorkflowSdk;
using WorkflowSdk.Samples;
using WorkflowSdk.Samples.HumanApproval;
using WorkflowSdk.Sqlite;

await using var host = SampleHost.Open("HumanApproval", args);
var command = host.Arguments.Count > 0 ? host.Arguments[0] : "demo";
return command switch
{
    "demo" => await DemoAsync(),
    "request" => await RequestAsync(),
    "approve" or "reject" when host.Arguments.Count >= 2 =>
        await DecideAsync(host.DatabasePath, host.Arguments[1], new ApprovalDecision(
            command == "approve", $"{Environment.UserName} (approve command)", host.Arguments.Count > 2 ? string.Join(' ', host.Arguments.Skip(2)) : null)),
    "status" when host.Arguments.Count >= 2 => await StatusAsync(host.Arguments[1]),
    _ => Usage(),
};

// Both paths in one process; the decisions come through a second client on its own connection to the file, exactly
// as the approve command sends them.
async Task<int> DemoAsync()
{
    Console.WriteLine("WorkflowSdk sample: human approval with a deadline (external events, timeouts, escalation)");
    host.PrintDatabase();
    await StartWorkerAsync();

    var intime = NewRequest("Laptop for the new hire", 1_450m, approvalTimeout: TimeSpan.FromSeconds(10));
    Console.WriteLine($"1) {intime.Item} ({intime.RequestId}): {intime.Approver} answers within the deadline.");
    await host.Client.StartApprovePurchaseAsync(intime, intime.RequestId);
    await host.WaitUntilAsync(intime.RequestId, s => Stage(s) == Stages.AwaitingApprover);
    await DecideAsync(host.DatabasePath, intime.RequestId, new ApprovalDecision(true, intime.Approver, "ok, within budget"));
    await PrintOutcomeAsync(intime.RequestId);

    var late = NewRequest("Conference tickets", 2_900m, approvalTimeout: TimeSpan.FromSeconds(1));
    Console.WriteLine($"2) {late.Item} ({late.RequestId}): {late.Approver} does not answer within {late.ApprovalTimeout.TotalSeconds:0} s.");
    await host.Client.StartApprovePurchaseAsync(late, late.RequestId);
    await host.WaitUntilAsync(late.RequestId, s => Stage(s) == Stages.AwaitingEscalation);
    await DecideAsync(host.DatabasePath, late.RequestId, new ApprovalDecision(true, late.EscalationApprover, "approved on escalation"));
    await PrintOutcomeAsync(late.RequestId);
    return 0;
}

// First command: a worker and a request that waits for a person.
async Task<int> RequestAsync()
{
    await StartWorkerAsync();
    var request = NewRequest("Standing desk", 780m, approvalTimeout: TimeSpan.FromMinutes(2));
    await host.Client.StartApprovePurchaseAsync(request, request.RequestId);
    var project = Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../..")));
    var database = host.DatabasePath == SampleHost.DefaultDatabasePath(host.SampleName) ? "" : $" --db \"{host.DatabasePath}\"";
    Console.WriteLine($"Purchase request {request.RequestId} is waiting for {request.Approver} (escalates to {request.EscalationApprover} after {request.ApprovalTimeout.TotalMinutes:0} minutes).");
    Console.WriteLine("Approve it from another terminal (in this directory) with:");
    Console.WriteLine();
    Console.WriteLine($"    dotnet run --project {project} -- approve {request.RequestId}{database}");
    Console.WriteLine();
    Console.WriteLine($"(or 'reject' instead of 'approve'). This worker keeps running until the request is decided; if you stop it, the request waits in {host.DatabasePath} and continues when a worker runs again.");

    // Follow the custom status while waiting.
    string? last = null;
    while (true)
    {
        var status = (await host.Client.GetStatusAsync(request.RequestId))!;
        var stage = status.IsFinished ? null : status.Record.CustomStatus is null ? null : status.ReadCustomStatusAs<ApprovalProgress>();
        var line = stage is null ? null : $"  ... {stage.Stage}: waiting for {stage.WaitingFor}";
        if (line is not null && line != last)
        {
            Console.WriteLine(line);
            last = line;
        }

        if (status.IsFinished)
        {
            break;
        }

        await Task.Delay(250);
    }

    await PrintOutcomeAsync(request.RequestId);
    return 0;
}

// Second command: only a client. It needs no worker; the running one (in the first command) picks the event up.
static async Task<int> DecideAsync(string databasePath, string requestId, ApprovalDecision decision)
{
    await using var backend = SqliteBackend.Open(databasePath);
    var client = new WorkflowClient(backend);
    try
    {
        // A handle needs only the id: the generated handle type has a typed method per event the orchestration declares.
        await new ApprovePurchaseHandle(client, requestId).RaiseApprovalDecisionAsync(decision);
    }
    catch (Exception ex) when (ex is InstanceNotFoundException or InvalidOperationException)
    {
        Console.Error.WriteLine(ex.Message);
        return 1;
    }

    Console.WriteLine($"   [second client] sent {(decision.Approved ? "approval" : "rejection")} of {requestId} by {decision.DecidedBy}.");
    return 0;
}

async Task<int> StatusAsync(string requestId)
{
    var status = await host.Client.GetStatusAsync(requestId, includeHistory: true);
    if (status is null)
    {
        Console.Error.WriteLine($"No request {requestId} in {host.DatabasePath}.");
        return 1;
    }

    Console.WriteLine($"{status}{(Stage(status) is { } stage ? $", {stage}" : "")}");
    Timeline.Print(status);
    return 0;
}

int Usage()
{
    Console.Error.WriteLine("usage: HumanApproval [--db <file>] [--verbose] [request | approve <id> [comment] | reject <id> [comment] | status <id>]");
    return 2;
}

async Task StartWorkerAsync()
{
    var procurement = new Procurement(log: line => Console.WriteLine($"      [procurement] {line}"));
    await host.StartWorkerAsync(HumanApprovalWorkflow.Register(new WorkflowRegistry(), procurement));
}

async Task PrintOutcomeAsync(string requestId)
{
    var status = await host.WaitForCompletionAsync(requestId, TimeSpan.FromMinutes(10));
    var outcome = status.ReadOutputAs<PurchaseOutcome>();
    Console.WriteLine($"   => {(outcome.Approved ? "APPROVED" : "REJECTED")} by {outcome.DecidedBy}{(outcome.Escalated ? " after escalation" : "")}" +
                      $"{(outcome.OrderNumber is null ? "" : $", order {outcome.OrderNumber}")}{(outcome.Comment is null ? "" : $": {outcome.Comment}")}");
    Console.WriteLine();
    Timeline.Print(status);
}

static PurchaseRequest NewRequest(string item, decimal amount, TimeSpan approvalTimeout) => new(
    SampleHost.NewInstanceId("purchase"), "sam@example.com", item, amount,
    Approver: "maria (manager)", EscalationApprover: "dana (director)", approvalTimeout, EscalationTimeout: TimeSpan.FromMinutes(2));

static string? Stage(OrchestrationStatus status) =>
    status.Record.CustomStatus is null ? null : status.ReadCustomStatusAs<ApprovalProgress>().Stage;
