using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;
using WorkflowSdk.History;

namespace WorkflowSdk.Cli;

/// <summary>Writes results as Spectre.Console tables for people, or as JSON for scripts (<c>--json</c>).</summary>
internal sealed class Output
{
    private readonly TextWriter _writer;
    private readonly IAnsiConsole _console;

    public Output(TextWriter writer, bool json)
    {
        _writer = writer;
        Json = json;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = Console.IsOutputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (Console.IsOutputRedirected)
        {
            // Piped or captured: wide enough that ids and timestamps stay on one line.
            _console.Profile.Width = 200;
        }
    }

    public bool Json { get; }

    public void List(IReadOnlyList<OrchestrationStatus> instances, string? continuationToken)
    {
        if (Json)
        {
            WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("instances");
                foreach (var s in instances)
                {
                    WriteSummary(w, s);
                }

                w.WriteEndArray();
                w.WriteString("continuationToken", continuationToken);
                w.WriteEndObject();
            });
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "Instance", "Orchestration", "Status", "Created (UTC)", "Updated (UTC)" })
        {
            table.AddColumn(column);
        }

        foreach (var s in instances)
        {
            table.AddRow(
                new Text(s.InstanceId),
                new Text(s.Name + (s.Version is null ? "" : "@" + s.Version)),
                StatusText(s.RuntimeStatus),
                new Text(Time(s.CreatedAt)),
                new Text(Time(s.LastUpdatedAt)));
        }

        _console.Write(table);
        _console.WriteLine($"{instances.Count} instance(s).");
        if (continuationToken is not null)
        {
            _console.WriteLine($"More: --continuation {continuationToken}");
        }
    }

    public void Show(OrchestrationStatus s)
    {
        var rows = s.Timeline();
        if (Json)
        {
            WriteJson(w =>
            {
                w.WriteStartObject();
                WriteSummaryFields(w, s);
                w.WriteString("executionId", s.ExecutionId);
                w.WriteString("parentInstanceId", s.ParentInstanceId);
                WriteRaw(w, "input", s.PayloadToJson(s.Record.Input));
                WriteRaw(w, "output", s.PayloadToJson(s.Record.Output));
                WriteRaw(w, "customStatus", s.PayloadToJson(s.Record.CustomStatus));
                if (s.FailureDetails is { } failure)
                {
                    w.WriteStartObject("failure");
                    w.WriteString("errorType", failure.ErrorType);
                    w.WriteString("message", failure.Message);
                    w.WriteEndObject();
                }

                w.WriteStartArray("timeline");
                foreach (var row in rows)
                {
                    w.WriteStartObject();
                    w.WriteNumber("step", row.Step);
                    w.WriteNumber("atSeconds", Math.Round(row.At.TotalSeconds, 3));
                    if (row.TaskId is { } task)
                    {
                        w.WriteNumber("taskId", task);
                    }

                    w.WriteString("what", row.What);
                    if (row.Took is { } took)
                    {
                        w.WriteNumber("tookSeconds", Math.Round(took.TotalSeconds, 3));
                    }

                    w.WriteString("outcome", row.Outcome);
                    w.WriteString("state", row.State.ToString());
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                WriteRaw(w, "history", s.HistoryToJson());
                w.WriteEndObject();
            });
            return;
        }

        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Field(string name, IRenderable value) => grid.AddRow(new Markup($"[bold]{name}[/]"), value);
        Field("Instance", new Text(s.InstanceId));
        Field("Orchestration", new Text(s.Name + (s.Version is null ? "" : " v" + s.Version)));
        Field("Status", StatusText(s.RuntimeStatus));
        Field("Created", new Text(Time(s.CreatedAt)));
        Field("Updated", new Text(Time(s.LastUpdatedAt)));
        if (s.CompletedAt is { } completed)
        {
            Field("Completed", new Text($"{Time(completed)} (after {HistoryTimeline.Seconds(completed - s.CreatedAt)} s)"));
        }

        if (s.ParentInstanceId is { } parent)
        {
            Field("Parent", new Text(parent));
        }

        Field("Input", new Text(s.PayloadToJson(s.Record.Input)));
        Field("Output", new Text(s.PayloadToJson(s.Record.Output)));
        Field("Custom status", new Text(s.PayloadToJson(s.Record.CustomStatus)));
        if (s.FailureDetails is { } failure)
        {
            Field("Failure", new Text($"{failure.ErrorType}: {failure.Message}", new Style(Color.Red)));
        }

        _console.Write(grid);
        _console.WriteLine();
        var table = new Table().Border(TableBorder.Rounded).Title("History");
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn(new TableColumn("At (s)").RightAligned());
        table.AddColumn(new TableColumn("Task").RightAligned());
        table.AddColumn("What");
        table.AddColumn(new TableColumn("Took (s)").RightAligned());
        table.AddColumn("Outcome");
        foreach (var row in rows)
        {
            table.AddRow(
                new Text(row.Step.ToString(CultureInfo.InvariantCulture)),
                new Text(HistoryTimeline.Seconds(row.At)),
                new Text(row.TaskId is { } task ? "#" + task.ToString(CultureInfo.InvariantCulture) : ""),
                new Text(row.What),
                new Text(row.Took is { } took ? HistoryTimeline.Seconds(took) : ""),
                new Text(HistoryTimeline.Clip(row.Outcome, 100), row.State switch
                {
                    TimelineState.Failed => new Style(Color.Red),
                    TimelineState.Succeeded => new Style(Color.Green),
                    TimelineState.Open => new Style(Color.Yellow),
                    _ => Style.Plain,
                }));
        }

        _console.Write(table);
    }

    public void Done(string result, string instanceId, string message)
    {
        if (Json)
        {
            WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("result", result);
                w.WriteString("instanceId", instanceId);
                w.WriteEndObject();
            });
            return;
        }

        _writer.WriteLine(message);
    }

    /// <summary>The outcome of a command on many instances: a count.</summary>
    public void Count(string result, long count, string message)
    {
        if (Json)
        {
            WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("result", result);
                w.WriteNumber("count", count);
                w.WriteEndObject();
            });
            return;
        }

        _writer.WriteLine(message);
    }

    public void Prompt(string question)
    {
        _writer.Write(question);
        _writer.Flush();
    }

    private static string Time(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static Text StatusText(OrchestrationRuntimeStatus status) => new(status.ToString(), status switch
    {
        OrchestrationRuntimeStatus.Completed => new Style(Color.Green),
        OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated => new Style(Color.Red),
        OrchestrationRuntimeStatus.Suspended => new Style(Color.Yellow),
        _ => new Style(Color.Blue),
    });

    private void WriteJson(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        _writer.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteSummary(Utf8JsonWriter w, OrchestrationStatus s)
    {
        w.WriteStartObject();
        WriteSummaryFields(w, s);
        w.WriteEndObject();
    }

    private static void WriteSummaryFields(Utf8JsonWriter w, OrchestrationStatus s)
    {
        w.WriteString("instanceId", s.InstanceId);
        w.WriteString("name", s.Name);
        w.WriteString("version", s.Version);
        w.WriteString("status", s.RuntimeStatus.ToString());
        w.WriteString("createdAt", DateTime.SpecifyKind(s.CreatedAt, DateTimeKind.Utc));
        w.WriteString("lastUpdatedAt", DateTime.SpecifyKind(s.LastUpdatedAt, DateTimeKind.Utc));
        if (s.CompletedAt is { } completed)
        {
            w.WriteString("completedAt", DateTime.SpecifyKind(completed, DateTimeKind.Utc));
        }
    }

    private static void WriteRaw(Utf8JsonWriter w, string name, string json)
    {
        w.WritePropertyName(name);
        try
        {
            w.WriteRawValue(json);
        }
        catch (JsonException)
        {
            w.WriteStringValue(json);
        }
    }
}
