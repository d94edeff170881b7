using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using WorkflowSdk.Throughput;

// The throughput harness. Each run of each scenario happens in a fresh child process (this program started with
// --child), so JIT warm-up, caches and memory start from zero the same way every time; the parent prints progress,
// then one Markdown table with medians, min/max and peak working sets.
//
//   dotnet run -c Release --project tests/WorkflowSdk.Throughput -- --backend sqlite --scenario all
//   options: --backend sqlite|rabbitmq  --scenario all|sequences|fanout-1k|fanout-10k|chain-500|timers|memory|parts
//            --runs 3  --n <instances or steps>  --json (one JSON line per run)  --rabbitmq amqp://...
var options = HarnessOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(HarnessOptions.Usage);
    return 2;
}

if (options.Child)
{
    var result = await ScenarioRunner.RunAsync(options);
    Console.WriteLine(JsonSerializer.Serialize(result, ResultJson.Default.RunResult));
    return result.Ok ? 0 : 1;
}

var results = new List<RunResult>();
foreach (var scenario in options.Scenarios)
{
    var runs = scenario is "memory" or "parts" ? 1 : options.Runs;
    for (var run = 1; run <= runs; run++)
    {
        Console.Error.Write(FormattableString.Invariant($"{options.Backend} {scenario} run {run}/{runs} ... "));
        var result = await RunChildAsync(options, scenario);
        results.Add(result);
        Console.Error.WriteLine(result.Ok ? result.Summary : $"FAILED: {result.Error}");
        if (options.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result, ResultJson.Default.RunResult));
        }
    }
}

if (!options.Json)
{
    Console.WriteLine(Report.Markdown(options.Backend, results));
}

return results.TrueForAll(r => r.Ok) ? 0 : 1;

static async Task<RunResult> RunChildAsync(HarnessOptions options, string scenario)
{
    var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
    {
        start.ArgumentList.Add(typeof(HarnessOptions).Assembly.Location);
    }

    foreach (var argument in options.ChildArguments(scenario))
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the child process.");
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    var lastLine = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
    try
    {
        return JsonSerializer.Deserialize(lastLine ?? "", ResultJson.Default.RunResult)
            ?? RunResult.Failed(scenario, options.Backend, "no result");
    }
    catch (JsonException)
    {
        return RunResult.Failed(scenario, options.Backend, $"exit {process.ExitCode}: {lastLine} {(await stderr).Trim()}");
    }
}

/// <summary>The command line.</summary>
internal sealed record HarnessOptions
{
    public const string Usage =
        "usage: WorkflowSdk.Throughput [--backend sqlite|rabbitmq] [--scenario all|sequences|fanout-1k|fanout-10k|chain-500|timers|memory|parts] " +
        "[--runs 3] [--n count] [--orchestrations concurrent episodes] [--cache cached instances (0: replay every episode)] [--json] [--rabbitmq amqp://guest:guest@127.0.0.1:5672/]";

    public static readonly string[] AllScenarios = ["parts", "sequences", "fanout-1k", "fanout-10k", "chain-500", "timers", "memory"];

    public string Backend { get; init; } = "sqlite";

    public IReadOnlyList<string> Scenarios { get; init; } = AllScenarios;

    public int Runs { get; init; } = 3;

    public int? N { get; init; }

    /// <summary>The worker's MaxConcurrentOrchestrations; <see langword="null"/> for its default.</summary>
    public int? Orchestrations { get; init; }

    /// <summary>The worker's CacheCapacity; <see langword="null"/> for its default (0 replays the history every episode).</summary>
    public int? Cache { get; init; }

    public bool Json { get; init; }

    public bool Child { get; init; }

    public string RabbitMQUri { get; init; } = "amqp://guest:guest@127.0.0.1:5672/";

    public static HarnessOptions? Parse(string[] args)
    {
        var options = new HarnessOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                options = args[i] switch
                {
                    "--backend" => options with { Backend = Next() },
                    "--scenario" => options with { Scenarios = Next() is var s && s == "all" ? AllScenarios : s.Split(',') },
                    "--runs" => options with { Runs = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--n" => options with { N = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--orchestrations" => options with { Orchestrations = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--cache" => options with { Cache = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--json" => options with { Json = true },
                    "--child" => options with { Child = true },
                    "--rabbitmq" => options with { RabbitMQUri = Next() },
                    _ => null!,
                };
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                Console.Error.WriteLine(ex.Message);
                return null;
            }

            if (options is null)
            {
                return null;
            }
        }

        return options.Backend is "sqlite" or "rabbitmq" && options.Scenarios.All(AllScenarios.Contains) && options.Runs > 0 ? options : null;
    }

    public IEnumerable<string> ChildArguments(string scenario)
    {
        yield return "--child";
        yield return "--backend";
        yield return Backend;
        yield return "--scenario";
        yield return scenario;
        yield return "--rabbitmq";
        yield return RabbitMQUri;
        if (N is { } n)
        {
            yield return "--n";
            yield return n.ToString(CultureInfo.InvariantCulture);
        }

        if (Orchestrations is { } orchestrations)
        {
            yield return "--orchestrations";
            yield return orchestrations.ToString(CultureInfo.InvariantCulture);
        }

        if (Cache is { } cache)
        {
            yield return "--cache";
            yield return cache.ToString(CultureInfo.InvariantCulture);
        }
    }
}
