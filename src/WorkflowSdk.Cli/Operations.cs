using WorkflowSdk.Backends;
using WorkflowSdk.History;

namespace WorkflowSdk.Cli;

/// <summary>What each command does; output goes through <see cref="Output"/> (tables or JSON).</summary>
internal static class Operations
{
    public static async Task<int> ListAsync(Context c, InstanceQuery query, bool all, CancellationToken ct)
    {
        if (query.PageSize is < 1 or > 1000)
        {
            throw new CliException($"--page-size must be between 1 and 1000 (it is {query.PageSize}).");
        }

        var instances = new List<OrchestrationStatus>();
        string? token;
        do
        {
            var page = await c.Client.ListAsync(query, ct).ConfigureAwait(false);
            instances.AddRange(page.Instances);
            token = page.ContinuationToken;
            query = query with { ContinuationToken = token };
        }
        while (all && token is not null);

        c.Output.List(instances, token);
        return 0;
    }

    public static async Task<int> ShowAsync(Context c, string instanceId, CancellationToken ct)
    {
        var status = await c.Client.GetStatusAsync(instanceId, includeHistory: true, ct).ConfigureAwait(false)
            ?? throw NotFound(c, instanceId);
        c.Output.Show(status);
        return 0;
    }

    public static async Task<int> StartAsync(Context c, string name, string? inputJson, StartOrchestrationOptions options, CancellationToken ct)
    {
        var input = c.Codec.FromJson(inputJson, $"input of orchestration '{name}'");
        var id = await c.Client.StartOrchestrationWithPayloadAsync(name, input, options, ct).ConfigureAwait(false);
        c.Output.Done("started", id, $"Started {name} as {id}.");
        return 0;
    }

    public static async Task<int> RaiseAsync(Context c, string instanceId, string eventName, string? dataJson, CancellationToken ct)
    {
        var data = c.Codec.FromJson(dataJson, $"data of event '{eventName}'");
        await Require(c, instanceId, ct).ConfigureAwait(false);
        await c.Client.RaiseEventWithPayloadAsync(instanceId, eventName, data, ct).ConfigureAwait(false);
        c.Output.Done("raised", instanceId, $"Raised '{eventName}' on {instanceId}.");
        return 0;
    }

    public static async Task<int> ControlAsync(Context c, string operation, string instanceId, string? reason, CancellationToken ct)
    {
        var before = await Require(c, instanceId, ct).ConfigureAwait(false);
        if (before.IsFinished)
        {
            c.Output.Done("unchanged", instanceId, $"{instanceId} has already finished ({before.RuntimeStatus}); nothing to {operation}.");
            return 0;
        }

        switch (operation)
        {
            case "terminate":
                await c.Client.TerminateAsync(instanceId, reason, ct).ConfigureAwait(false);
                break;
            case "suspend":
                await c.Client.SuspendAsync(instanceId, reason, ct).ConfigureAwait(false);
                break;
            default:
                await c.Client.ResumeAsync(instanceId, reason, ct).ConfigureAwait(false);
                break;
        }

        var past = operation switch { "terminate" => "terminated", "suspend" => "suspended", _ => "resumed" };
        c.Output.Done(past, instanceId, $"Asked {instanceId} to {operation}; a worker applies it with the instance's next episode.");
        return 0;
    }

    public static async Task<int> PurgeAsync(Context c, string instanceId, bool recursive, bool yes, CancellationToken ct)
    {
        var status = await Require(c, instanceId, ct).ConfigureAwait(false);
        if (!status.IsFinished)
        {
            throw new CliException($"{instanceId} is {status.RuntimeStatus}; only finished instances can be purged (terminate it first).", 1);
        }

        if (!yes)
        {
            var what = recursive ? "its history and its finished sub-orchestrations" : "its history";
            if (!await ConfirmAsync(c, $"Purge {instanceId} ({status.Name}, {status.RuntimeStatus}) and {what}? [y/N] ", ct).ConfigureAwait(false))
            {
                c.Output.Done("kept", instanceId, $"Not purged: {instanceId} is kept.");
                return 1;
            }
        }

        var deleted = await c.Client.PurgeAsync(instanceId, new PurgeOptions { Recursive = recursive }, ct).ConfigureAwait(false);
        c.Output.Done("purged", instanceId, $"Purged {instanceId} ({deleted} instance{(deleted == 1 ? "" : "s")}).");
        return 0;
    }

    public static async Task<int> PurgeManyAsync(Context c, InstanceQuery filter, bool recursive, bool dryRun, bool yes, CancellationToken ct)
    {
        var unfinished = filter.Statuses?.Where(s => !s.IsFinished()).ToList() ?? [];
        if (unfinished.Count > 0)
        {
            throw new CliException($"Only finished instances can be purged, not {string.Join(" or ", unfinished)} ones (terminate them first).", 1);
        }

        var finished = filter with
        {
            Statuses = filter.Statuses is { Count: > 0 } ? filter.Statuses : [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated],
            PageSize = 1000,
        };
        var matching = await c.Client.CountAsync(finished, ct).ConfigureAwait(false);
        var children = recursive ? " and their finished sub-orchestrations" : "";
        if (dryRun || matching == 0)
        {
            c.Output.Count("matching", matching, $"{matching} finished instance(s) match{(dryRun ? "; nothing was purged (dry run)" : "; nothing to purge")}.");
            return 0;
        }

        if (!yes && !await ConfirmAsync(c, $"Purge {matching} finished instance(s){children} with their history? [y/N] ", ct).ConfigureAwait(false))
        {
            c.Output.Count("kept", matching, "Not purged: every instance is kept.");
            return 1;
        }

        var result = await c.Client.PurgeInstancesAsync(finished, new PurgeOptions { Recursive = recursive }, ct).ConfigureAwait(false);
        c.Output.Count("purged", result.PurgedInstanceCount, $"Purged {result.PurgedInstanceCount} instance(s).");
        return 0;
    }

    private static async Task<bool> ConfirmAsync(Context c, string question, CancellationToken ct)
    {
        c.Output.Prompt(question);
        var answer = (await c.Input.ReadLineAsync(ct).ConfigureAwait(false))?.Trim();
        return string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) || string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<OrchestrationStatus> Require(Context c, string instanceId, CancellationToken ct) =>
        await c.Client.GetStatusAsync(instanceId, includeHistory: false, ct).ConfigureAwait(false) ?? throw NotFound(c, instanceId);

    private static CliException NotFound(Context c, string instanceId) => new($"No instance '{instanceId}' in {c.Connection.Describe()}.", 1);
}
