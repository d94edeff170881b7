using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using WorkflowSdk.Backends;
using WorkflowSdk.Serialization;

namespace WorkflowSdk.Cli;

/// <summary>The <c>wf</c> command tree.</summary>
internal static class WfCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TextReader stdin)
    {
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts instead of tables.", Recursive = true };

        // Named wf, the tool's command: a RootCommand takes the name of the entry assembly (WorkflowSdk.Cli), which help
        // and error messages would then show. The options a RootCommand adds are added here.
        var root = new Command("wf", "wf: look at and manage WorkflowSdk orchestration instances.") { new HelpOption(), new VersionOption() };
        var backends = CliBackend.CreateAll();
        foreach (var option in backends.SelectMany(b => b.Options).Append(json))
        {
            root.Options.Add(option);
        }

        Context Context(ParseResult p) => new(
            new Connection(backends, [.. backends.Select(b => b.Read(p)).OfType<CliBackendChoice>()]),
            new Output(stdout, p.GetValue(json)),
            stdin);

        // list
        var statuses = new Option<OrchestrationRuntimeStatus[]>("--status", "-s")
        {
            Description = "Only these statuses (repeat or comma-separate: Running,Failed).",
            AllowMultipleArgumentsPerToken = true,
            CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(t => ParseStatus(r, t))],
        };
        var name = new Option<string?>("--name", "-n") { Description = "Only instances of this orchestration." };
        var prefix = new Option<string?>("--prefix") { Description = "Only instance ids starting with this." };
        var from = new Option<DateTime?>("--created-from") { Description = "Only instances created at or after this time (UTC, ISO 8601).", CustomParser = r => ParseTime(r, r.Tokens[0].Value) };
        var to = new Option<DateTime?>("--created-to") { Description = "Only instances created before this time (UTC, ISO 8601).", CustomParser = r => ParseTime(r, r.Tokens[0].Value) };
        var pageSize = new Option<int>("--page-size") { Description = "Instances per page (1 to 1000).", DefaultValueFactory = _ => 50 };
        var continuation = new Option<string?>("--continuation", "-c") { Description = "The token printed after the previous page." };
        var all = new Option<bool>("--all") { Description = "Every page, not just the first." };
        var list = new Command("list", "List instances, oldest first, one page at a time.") { statuses, name, prefix, from, to, pageSize, continuation, all };
        list.SetAction((p, ct) => Run(Context(p), ct, c => Operations.ListAsync(c, new InstanceQuery
        {
            Statuses = p.GetValue(statuses) is { Length: > 0 } s ? s : null,
            Name = p.GetValue(name),
            InstanceIdPrefix = p.GetValue(prefix),
            CreatedFrom = p.GetValue(from),
            CreatedTo = p.GetValue(to),
            PageSize = p.GetValue(pageSize),
            ContinuationToken = p.GetValue(continuation),
        }, p.GetValue(all), ct)));

        // show
        var id = new Argument<string>("instance-id") { Description = "The instance id." };
        var show = new Command("show", "Show an instance: status, input, output, custom status, failure, and its history as a timeline.") { id };
        show.SetAction((p, ct) => Run(Context(p), ct, c => Operations.ShowAsync(c, p.GetValue(id)!, ct)));

        // start
        var orchestration = new Argument<string>("orchestration") { Description = "The orchestration's name." };
        var input = new Option<string?>("--input", "-i") { Description = "The input as JSON (property names as in the C# type), e.g. '{\"TripId\":\"t1\"}'." };
        var instanceId = new Option<string?>("--id") { Description = "The instance id (default: a new GUID)." };
        var version = new Option<string?>("--version") { Description = "The orchestration version (default: the worker's default)." };
        var startAt = new Option<DateTime?>("--start-at") { Description = "Start no earlier than this time (UTC, ISO 8601).", CustomParser = r => ParseTime(r, r.Tokens[0].Value) };
        var start = new Command("start", "Start an orchestration instance.") { orchestration, input, instanceId, version, startAt };
        start.SetAction((p, ct) => Run(Context(p), ct, c => Operations.StartAsync(
            c, p.GetValue(orchestration)!, p.GetValue(input), new StartOrchestrationOptions
            {
                InstanceId = p.GetValue(instanceId),
                Version = p.GetValue(version),
                StartAt = p.GetValue(startAt) is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null,
            }, ct)));

        // raise
        var eventName = new Argument<string>("event") { Description = "The event's name." };
        var data = new Option<string?>("--data", "-d") { Description = "The event data as JSON." };
        var raise = new Command("raise", "Raise an external event on an instance.") { id, eventName, data };
        raise.SetAction((p, ct) => Run(Context(p), ct, c => Operations.RaiseAsync(c, p.GetValue(id)!, p.GetValue(eventName)!, p.GetValue(data), ct)));

        // terminate, suspend, resume
        var reason = new Option<string?>("--reason", "-r") { Description = "Why (kept in the history)." };
        var terminate = new Command("terminate", "Terminate an instance (its running sub-orchestrations too).") { id, reason };
        terminate.SetAction((p, ct) => Run(Context(p), ct, c => Operations.ControlAsync(c, "terminate", p.GetValue(id)!, p.GetValue(reason), ct)));
        var suspend = new Command("suspend", "Suspend an instance: messages are kept until it is resumed.") { id, reason };
        suspend.SetAction((p, ct) => Run(Context(p), ct, c => Operations.ControlAsync(c, "suspend", p.GetValue(id)!, p.GetValue(reason), ct)));
        var resume = new Command("resume", "Resume a suspended instance.") { id, reason };
        resume.SetAction((p, ct) => Run(Context(p), ct, c => Operations.ControlAsync(c, "resume", p.GetValue(id)!, p.GetValue(reason), ct)));

        // purge: one instance by id, or every finished instance a filter matches
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation." };
        var purgeId = new Argument<string?>("instance-id") { Description = "The instance id; leave it out to purge by filter.", Arity = ArgumentArity.ZeroOrOne };
        var completedBefore = new Option<DateTime?>("--completed-before")
        {
            Description = "Only instances that finished before this time (UTC, ISO 8601) or this long ago (30d, 12h, 45m).",
            CustomParser = r => ParseTimeOrAge(r, r.Tokens[0].Value),
        };
        var completedAfter = new Option<DateTime?>("--completed-after")
        {
            Description = "Only instances that finished at or after this time (UTC, ISO 8601) or this long ago (30d, 12h, 45m).",
            CustomParser = r => ParseTimeOrAge(r, r.Tokens[0].Value),
        };
        var recursive = new Option<bool>("--recursive") { Description = "Also purge the finished sub-orchestrations of each purged instance." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only count what a filter matches; purge nothing." };
        var purge = new Command("purge", "Delete finished instances and their history: one by id, or all that a filter matches (asks first).")
        {
            purgeId, statuses, name, prefix, from, to, completedBefore, completedAfter, recursive, dryRun, yes,
        };
        purge.SetAction((p, ct) => Run(Context(p), ct, c =>
        {
            var filter = new InstanceQuery
            {
                Statuses = p.GetValue(statuses) is { Length: > 0 } s ? s : null,
                Name = p.GetValue(name),
                InstanceIdPrefix = p.GetValue(prefix),
                CreatedFrom = p.GetValue(from),
                CreatedTo = p.GetValue(to),
                CompletedFrom = p.GetValue(completedAfter),
                CompletedTo = p.GetValue(completedBefore),
            };
            var byFilter = filter != new InstanceQuery();
            return p.GetValue(purgeId) switch
            {
                { } one when byFilter => throw new CliException("Give an instance id or filter options (--status, --name, --prefix, --created-*, --completed-*), not both."),
                { } one => Operations.PurgeAsync(c, one, p.GetValue(recursive), p.GetValue(yes), ct),
                null when byFilter => Operations.PurgeManyAsync(c, filter, p.GetValue(recursive), p.GetValue(dryRun), p.GetValue(yes), ct),
                null => throw new CliException("Give an instance id, or a filter such as '--status Completed --completed-before 30d'."),
            };
        }));

        foreach (var command in new[] { list, show, start, raise, terminate, suspend, resume, purge })
        {
            root.Subcommands.Add(command);
        }

        var parsed = root.Parse(args);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }).ConfigureAwait(false);

        async Task<int> Run(Context context, CancellationToken cancellationToken, Func<Context, Task<int>> operation)
        {
            try
            {
                return await operation(context).ConfigureAwait(false);
            }
            catch (CliException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return ex.ExitCode;
            }
            catch (Exception ex) when (ex is InstanceNotFoundException or OrchestrationAlreadyExistsException or InvalidOperationException
                                           or PayloadSerializationException or ArgumentException)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                await stderr.WriteLineAsync($"error: {context.Connection.Describe()}: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
                return 2;
            }
            finally
            {
                if (context.Backend is { } backend)
                {
                    await backend.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private static OrchestrationRuntimeStatus ParseStatus(System.CommandLine.Parsing.ArgumentResult result, string text)
    {
        if (Enum.TryParse<OrchestrationRuntimeStatus>(text, ignoreCase: true, out var status) && Enum.IsDefined(status) && !int.TryParse(text, out _))
        {
            return status;
        }

        result.AddError($"Unknown status '{text}'; use {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.");
        return default;
    }

    /// <summary>A time, or an age ("30d", "12h", "45m") read as that long before now.</summary>
    private static DateTime? ParseTimeOrAge(System.CommandLine.Parsing.ArgumentResult result, string text)
    {
        if (text.Length > 1 && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? age = char.ToLowerInvariant(text[^1]) switch
            {
                'd' => TimeSpan.FromDays(amount),
                'h' => TimeSpan.FromHours(amount),
                'm' => TimeSpan.FromMinutes(amount),
                _ => null,
            };
            if (age is { } ago)
            {
                return DateTime.UtcNow - ago;
            }
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        result.AddError($"'{text}' is neither a time nor an age; use ISO 8601 (2026-11-23T12:00:00Z) or an age such as 30d, 12h or 45m.");
        return null;
    }

    private static DateTime? ParseTime(System.CommandLine.Parsing.ArgumentResult result, string text)
    {
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        result.AddError($"'{text}' is not a time; use ISO 8601, e.g. 2026-11-23T12:00:00Z.");
        return null;
    }
}

/// <summary>What a command works with; the backend is opened on first use.</summary>
internal sealed class Context(Connection connection, Output output, TextReader input)
{
    private WorkflowClient? _client;

    public Connection Connection { get; } = connection;

    public Output Output { get; } = output;

    public TextReader Input { get; } = input;

    public WorkflowBackend? Backend { get; private set; }

    public PayloadCodec Codec { get; } = new(new MessagePackPayloadSerializer());

    public WorkflowClient Client
    {
        get
        {
            if (_client is null)
            {
                Backend = Connection.Open();
                _client = new WorkflowClient(Backend);
            }

            return _client;
        }
    }
}
