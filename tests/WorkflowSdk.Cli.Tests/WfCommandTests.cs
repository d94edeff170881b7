using System.Text.Json;

namespace WorkflowSdk.Cli.Tests;

public sealed class WfCommandTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task List_shows_instances_with_status_and_filters_by_status_and_name()
    {
        var greet = await RunToEndAsync("Greet", "Ada", "list-greet");
        var boom = await RunToEndAsync("Boom", "x", "list-boom");

        var all = await fixture.WfAsync("list", "--prefix", "list-");
        var failed = await fixture.WfAsync("list", "--prefix", "list-", "--status", "Failed");
        var byName = await fixture.WfAsync("list", "--prefix", "list-", "--name", "Greet", "--json");

        Assert.Equal(0, all.ExitCode);
        Assert.Contains("list-greet", all.Out, StringComparison.Ordinal);
        Assert.Matches(@"list-boom\s+│\s+Boom\s+│\s+Failed", all.Out);
        Assert.Matches(@"list-greet\s+│\s+Greet\s+│\s+Completed", all.Out);
        Assert.Contains("2 instance(s).", all.Out, StringComparison.Ordinal);
        Assert.Contains("list-boom", failed.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("list-greet", failed.Out, StringComparison.Ordinal);
        var json = JsonDocument.Parse(byName.Out).RootElement;
        var instance = Assert.Single(json.GetProperty("instances").EnumerateArray());
        Assert.Equal("list-greet", instance.GetProperty("instanceId").GetString());
        Assert.Equal("Completed", instance.GetProperty("status").GetString());
        Assert.Equal(greet.InstanceId, instance.GetProperty("instanceId").GetString());
        Assert.Equal(OrchestrationRuntimeStatus.Failed, boom.RuntimeStatus);
    }

    [Fact]
    public async Task List_pages_with_a_continuation_token_and_all_pages_with_all()
    {
        for (var i = 0; i < 3; i++)
        {
            await RunToEndAsync("Greet", $"p{i}", $"page-{i}");
        }

        var first = await fixture.WfAsync("list", "--prefix", "page-", "--page-size", "2");
        var token = first.Out.Split("--continuation ")[1].Trim();
        var second = await fixture.WfAsync("list", "--prefix", "page-", "--page-size", "2", "--continuation", token);
        var all = await fixture.WfAsync("list", "--prefix", "page-", "--page-size", "2", "--all", "--json");

        Assert.Contains("page-0", first.Out, StringComparison.Ordinal);
        Assert.Contains("page-1", first.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("page-2", first.Out, StringComparison.Ordinal);
        Assert.Contains("page-2", second.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("More:", second.Out, StringComparison.Ordinal);
        Assert.Equal(3, JsonDocument.Parse(all.Out).RootElement.GetProperty("instances").GetArrayLength());
    }

    [Fact]
    public async Task Show_prints_status_payloads_and_the_history_as_a_timeline()
    {
        await RunToEndAsync("Greet", "Ada", "show-greet");

        var shown = await fixture.WfAsync("show", "show-greet");

        Assert.Equal(0, shown.ExitCode);
        Assert.Matches(@"Status\s+Completed", shown.Out);
        Assert.Matches(@"Input\s+""Ada""", shown.Out);
        Assert.Matches(@"Output\s+""Hello, Ada!""", shown.Out);
        Assert.Matches(@"Custom status\s+\{""Step"":""greeting""\}", shown.Out);
        Assert.Contains("History", shown.Out, StringComparison.Ordinal);
        Assert.Matches(@"│\s+1\s+│\s+0\.000\s+│\s+│\s+start Greet\s+│\s+│\s+input ""Ada""", shown.Out);
        Assert.Matches(@"│\s+2\s+│\s+[0-9.]+\s+│\s+#0\s+│\s+activity SayHello\s+│\s+[0-9.]+\s+│\s+-> ""Hello, Ada!""", shown.Out);
        Assert.Matches(@"│\s+3\s+│\s+[0-9.]+\s+│\s+│\s+completed\s+│\s+│\s+-> ""Hello, Ada!""", shown.Out);
    }

    [Fact]
    public async Task Show_as_json_has_the_payloads_the_timeline_and_the_raw_history()
    {
        await RunToEndAsync("Boom", "bad", "show-boom");

        var shown = await fixture.WfAsync("show", "show-boom", "--json");

        var json = JsonDocument.Parse(shown.Out).RootElement;
        Assert.Equal("Failed", json.GetProperty("status").GetString());
        Assert.Equal("bad", json.GetProperty("input").GetString());
        Assert.Contains("cannot handle 'bad'", json.GetProperty("failure").GetProperty("message").GetString(), StringComparison.Ordinal);
        var timeline = json.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(["start Boom", "activity Explode", "FAILED"], timeline.Select(r => r.GetProperty("what").GetString()));
        Assert.Equal("Failed", timeline[1].GetProperty("state").GetString());
        Assert.Contains("ExecutionStarted", json.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task An_unknown_instance_id_is_an_error_naming_it_and_the_database()
    {
        var shown = await fixture.WfAsync("show", "no-such-instance");
        var terminated = await fixture.WfAsync("terminate", "no-such-instance");

        Assert.Equal(1, shown.ExitCode);
        Assert.Equal($"error: No instance 'no-such-instance' in SQLite {fixture.DatabasePath}.", shown.Error.Trim());
        Assert.Equal(1, terminated.ExitCode);
        Assert.Contains("No instance 'no-such-instance'", terminated.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_path_or_uri_is_an_error_that_says_what_is_wrong()
    {
        var missing = await CliFixture.RunAsync(["list", "--sqlite", "/no/such/workflows.db"]);
        var badMongo = await CliFixture.RunAsync(["list", "--mongodb", "http://user:secret@db/"]);
        var badRabbit = await CliFixture.RunAsync(["list", "--sqlite", fixture.DatabasePath, "--rabbitmq", "localhost:5672"]);
        var nothing = await CliFixture.RunAsync(["list"]);

        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("error: No WorkflowSdk database at '/no/such/workflows.db': the file does not exist.", missing.Error.Trim());
        Assert.Equal(2, badMongo.ExitCode);
        Assert.Equal("error: 'http://user:****@db/' is not a MongoDB URI (mongodb://host/database or mongodb+srv://...).", badMongo.Error.Trim());
        Assert.Contains("is not a RabbitMQ URI", badRabbit.Error, StringComparison.Ordinal);
        Assert.Equal(2, nothing.ExitCode);
        Assert.StartsWith("error: No backend given. Use --sqlite <file> or --mongodb <uri>", nothing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_database_can_come_from_the_environment()
    {
        await RunToEndAsync("Greet", "Env", "env-greet");

        var listed = await CliFixture.RunAsync(["list", "--prefix", "env-"], environment: new Dictionary<string, string> { ["WORKFLOWSDK_SQLITE"] = fixture.DatabasePath });

        Assert.Equal(0, listed.ExitCode);
        Assert.Contains("env-greet", listed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_starts_an_instance_with_json_input_that_the_worker_runs()
    {
        var started = await fixture.WfAsync("start", "Order", "--input", """{"Customer":"Grace","Quantity":3}""", "--id", "cli-order");
        var json = await fixture.WfAsync("start", "Greet", "--input", "\"Bob\"", "--json");

        Assert.Equal(0, started.ExitCode);
        Assert.Equal("Started Order as cli-order.", started.Out.Trim());
        var done = await fixture.Client.WaitForCompletionAsync("cli-order", Wait);
        Assert.Equal("Hello, Grace x3!", done.ReadOutputAs<string>());
        var id = JsonDocument.Parse(json.Out).RootElement.GetProperty("instanceId").GetString()!;
        Assert.Equal("Hello, Bob!", (await fixture.Client.WaitForCompletionAsync(id, Wait)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Start_refuses_input_that_is_not_json_and_an_id_in_use()
    {
        await fixture.Client.StartOrchestrationAsync("Approval", "dup", "cli-dup");

        var badInput = await fixture.WfAsync("start", "Greet", "--input", "{not json");
        var inUse = await fixture.WfAsync("start", "Approval", "--input", "\"again\"", "--id", "cli-dup");

        Assert.Equal(1, badInput.ExitCode);
        Assert.StartsWith("error: The input of orchestration 'Greet' is not usable JSON:", badInput.Error, StringComparison.Ordinal);
        Assert.Equal(1, inUse.ExitCode);
        Assert.Contains("cli-dup", inUse.Error, StringComparison.Ordinal);
        await fixture.Client.TerminateAsync("cli-dup");
    }

    [Fact]
    public async Task Raise_delivers_an_event_with_json_data()
    {
        await fixture.Client.StartOrchestrationAsync("Approval", "loan", "cli-raise");
        await WaitForAsync("cli-raise", OrchestrationRuntimeStatus.Running);

        var raised = await fixture.WfAsync("raise", "cli-raise", "Approved", "--data", "true");

        Assert.Equal(0, raised.ExitCode);
        Assert.Equal("Raised 'Approved' on cli-raise.", raised.Out.Trim());
        Assert.Equal("loan: approved", (await fixture.Client.WaitForCompletionAsync("cli-raise", Wait)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Suspend_resume_and_terminate_change_the_instance()
    {
        await fixture.Client.StartOrchestrationAsync("Approval", "car", "cli-control");
        await WaitForAsync("cli-control", OrchestrationRuntimeStatus.Running);

        var suspended = await fixture.WfAsync("suspend", "cli-control", "--reason", "audit");
        await WaitForAsync("cli-control", OrchestrationRuntimeStatus.Suspended);
        var resumed = await fixture.WfAsync("resume", "cli-control", "--json");
        await WaitForAsync("cli-control", OrchestrationRuntimeStatus.Running);
        var terminated = await fixture.WfAsync("terminate", "cli-control", "--reason", "no longer needed");
        var done = await fixture.Client.WaitForCompletionAsync("cli-control", Wait);
        var again = await fixture.WfAsync("terminate", "cli-control");
        var shown = await fixture.WfAsync("show", "cli-control");

        Assert.Equal(0, suspended.ExitCode);
        Assert.StartsWith("Asked cli-control to suspend", suspended.Out, StringComparison.Ordinal);
        Assert.Equal("resumed", JsonDocument.Parse(resumed.Out).RootElement.GetProperty("result").GetString());
        Assert.StartsWith("Asked cli-control to terminate", terminated.Out, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("no longer needed", done.ReadOutputAs<string>());
        Assert.Equal("cli-control has already finished (Terminated); nothing to terminate.", again.Out.Trim());
        Assert.Matches(@"suspended\s+│\s+│\s+audit", shown.Out);
        Assert.Matches(@"resumed\s+│", shown.Out);
        Assert.Matches(@"terminated\s+│\s+│\s+""no longer needed""", shown.Out);
    }

    [Fact]
    public async Task Purge_asks_first_and_deletes_only_when_confirmed()
    {
        await RunToEndAsync("Greet", "Purge", "cli-purge");

        var declined = await CliFixture.RunAsync(["--sqlite", fixture.DatabasePath, "purge", "cli-purge"], stdin: "n\n");
        var stillThere = await fixture.Client.GetStatusAsync("cli-purge");
        var confirmed = await CliFixture.RunAsync(["--sqlite", fixture.DatabasePath, "purge", "cli-purge"], stdin: "y\n");
        var gone = await fixture.Client.GetStatusAsync("cli-purge");

        Assert.Equal(1, declined.ExitCode);
        Assert.Equal("Purge cli-purge (Greet, Completed) and its history? [y/N] Not purged: cli-purge is kept.", declined.Out.Trim());
        Assert.NotNull(stillThere);
        Assert.Equal(0, confirmed.ExitCode);
        Assert.EndsWith("Purged cli-purge (1 instance).", confirmed.Out.Trim(), StringComparison.Ordinal);
        Assert.Null(gone);
    }

    [Fact]
    public async Task Purge_with_yes_does_not_ask_and_refuses_an_unfinished_instance()
    {
        await RunToEndAsync("Greet", "Yes", "cli-purge-yes");
        await fixture.Client.StartOrchestrationAsync("Approval", "open", "cli-purge-running");
        await WaitForAsync("cli-purge-running", OrchestrationRuntimeStatus.Running);

        var purged = await fixture.WfAsync("purge", "cli-purge-yes", "--yes");
        var refused = await fixture.WfAsync("purge", "cli-purge-running", "--yes");

        Assert.Equal("Purged cli-purge-yes (1 instance).", purged.Out.Trim());
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("error: cli-purge-running is Running; only finished instances can be purged (terminate it first).", refused.Error.Trim());
        Assert.NotNull(await fixture.Client.GetStatusAsync("cli-purge-running"));
        await fixture.Client.TerminateAsync("cli-purge-running");
    }

    [Fact]
    public async Task Purge_by_filter_counts_first_asks_and_deletes_only_the_finished_matches()
    {
        await RunToEndAsync("Greet", "a", "bulk-done-1");
        await RunToEndAsync("Greet", "b", "bulk-done-2");
        await RunToEndAsync("Boom", "c", "bulk-failed");
        await fixture.Client.StartOrchestrationAsync("Approval", "open", "bulk-running");
        await WaitForAsync("bulk-running", OrchestrationRuntimeStatus.Running);

        var dryRun = await fixture.WfAsync("purge", "--prefix", "bulk-", "--status", "Completed", "--completed-before", "0m", "--dry-run");
        var declined = await CliFixture.RunAsync(["--sqlite", fixture.DatabasePath, "purge", "--prefix", "bulk-", "--status", "Completed"], stdin: "n\n");
        var confirmed = await CliFixture.RunAsync(["--sqlite", fixture.DatabasePath, "purge", "--prefix", "bulk-", "--status", "Completed", "--completed-before", "0m"], stdin: "y\n");
        var rest = await fixture.WfAsync("purge", "--prefix", "bulk-", "--yes", "--json");

        Assert.Equal("2 finished instance(s) match; nothing was purged (dry run).", dryRun.Out.Trim());
        Assert.Equal(1, declined.ExitCode);
        Assert.Equal("Purge 2 finished instance(s) with their history? [y/N] Not purged: every instance is kept.", declined.Out.Trim());
        Assert.Equal(0, confirmed.ExitCode);
        Assert.EndsWith("Purged 2 instance(s).", confirmed.Out.Trim(), StringComparison.Ordinal);
        Assert.Null(await fixture.Client.GetStatusAsync("bulk-done-1"));
        Assert.Equal(1, JsonDocument.Parse(rest.Out).RootElement.GetProperty("count").GetInt32());
        Assert.Null(await fixture.Client.GetStatusAsync("bulk-failed"));
        Assert.NotNull(await fixture.Client.GetStatusAsync("bulk-running"));
        await fixture.Client.TerminateAsync("bulk-running");
    }

    [Fact]
    public async Task Purge_needs_an_id_or_a_filter_refuses_both_and_refuses_unfinished_statuses_and_bad_ages()
    {
        var neither = await fixture.WfAsync("purge");
        var both = await fixture.WfAsync("purge", "some-id", "--status", "Completed");
        var unfinished = await fixture.WfAsync("purge", "--status", "Running", "--yes");
        var badAge = await fixture.WfAsync("purge", "--completed-before", "30x");

        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("--status Completed --completed-before 30d", neither.Error, StringComparison.Ordinal);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("not both", both.Error, StringComparison.Ordinal);
        Assert.Equal(1, unfinished.ExitCode);
        Assert.Contains("not Running ones", unfinished.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, badAge.ExitCode);
        Assert.Contains("'30x' is neither a time nor an age", badAge.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_command()
    {
        var help = await CliFixture.RunAsync(["--help"]);

        Assert.Equal(0, help.ExitCode);
        foreach (var command in new[] { "list", "show", "start", "raise", "terminate", "suspend", "resume", "purge" })
        {
            Assert.Contains(command, help.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_names_the_tool_wf_in_its_usage_line()
    {
        var help = await CliFixture.RunAsync(["--help"]);
        var subcommand = await CliFixture.RunAsync(["show", "--help"]);
        var version = await CliFixture.RunAsync(["--version"]);

        Assert.Equal(0, help.ExitCode);
        var usage = help.Out.Split('\n').Select(l => l.Trim()).SkipWhile(l => l != "Usage:").ElementAt(1);
        Assert.StartsWith("wf [command] [options]", usage, StringComparison.Ordinal);
        Assert.DoesNotContain("WorkflowSdk.Cli", help.Out, StringComparison.Ordinal);
        Assert.Contains("wf show <instance-id> [options]", subcommand.Out, StringComparison.Ordinal);
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Out.Trim());
    }

    private async Task<OrchestrationStatus> RunToEndAsync(string name, string input, string id)
    {
        await fixture.Client.StartOrchestrationAsync(name, input, id);
        return await fixture.Client.WaitForCompletionAsync(id, Wait);
    }

    private Task WaitForAsync(string id, OrchestrationRuntimeStatus status) =>
        Eventually.Value(
            ct => fixture.Client.GetStatusAsync(id, cancellationToken: ct),
            s => s?.RuntimeStatus == status,
            $"instance '{id}' is {status}",
            s => $"it is {s?.RuntimeStatus.ToString() ?? "not found"}",
            Wait);
}
