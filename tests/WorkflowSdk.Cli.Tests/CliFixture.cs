using System.Diagnostics;
using WorkflowSdk.Sqlite;

namespace WorkflowSdk.Cli.Tests;

/// <summary>A SQLite file with a worker running on it (in this process), and a way to run <c>wf</c> against it as a real process.</summary>
public sealed class CliFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "workflowsdk-cli-tests", Guid.NewGuid().ToString("N"));
    private Backends.WorkflowBackend? _backend;
    private WorkflowWorker? _worker;

    public string DatabasePath => Path.Combine(_directory, "workflows.db");

    public WorkflowClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _backend = SqliteBackend.Open(DatabasePath, new SqliteBackendOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
        _worker = new WorkflowWorker(_backend, CliWorkflows.Register(new WorkflowRegistry()), new WorkflowWorkerOptions { ReceiveWait = TimeSpan.FromMilliseconds(100) });
        await _worker.StartAsync();
        Client = new WorkflowClient(_backend, new WorkflowClientOptions { MaxPollInterval = TimeSpan.FromMilliseconds(20) });
    }

    public async Task DisposeAsync()
    {
        await _worker!.DisposeAsync();
        await _backend!.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned up with the temporary directory later.
        }
    }

    /// <summary>Runs <c>wf --sqlite &lt;file&gt; args...</c> as a process.</summary>
    public Task<WfResult> WfAsync(params string[] args) => RunAsync(["--sqlite", DatabasePath, .. args]);

    /// <summary>Runs <c>wf args...</c> as a process, with <paramref name="stdin"/> as its input.</summary>
    public static Task<WfResult> RunAsync(string[] args, string stdin = "", IDictionary<string, string>? environment = null)
    {
        var start = DotnetStartInfo(Path.Combine(AppContext.BaseDirectory, "WorkflowSdk.Cli.dll"), args);
        start.Environment.Remove("WORKFLOWSDK_SQLITE");
        start.Environment.Remove("WORKFLOWSDK_MONGODB_URI");
        start.Environment.Remove("WORKFLOWSDK_RABBITMQ");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return RunToEndAsync(start, stdin, TimeSpan.FromSeconds(60));
    }

    /// <summary><c>dotnet dll args...</c> with its standard streams redirected.</summary>
    public static ProcessStartInfo DotnetStartInfo(string dll, IEnumerable<string> args, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    /// <summary>Starts a process, writes <paramref name="stdin"/> to it, and waits up to <paramref name="timeout"/> for its exit and output.</summary>
    public static async Task<WfResult> RunToEndAsync(ProcessStartInfo start, string stdin, TimeSpan timeout)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return new WfResult(process.ExitCode, await stdout, await stderr);
    }
}

public sealed record WfResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

public static class CliWorkflows
{
    [Orchestration("Greet")]
    public static async Task<string> GreetAsync(OrchestrationContext context, string name)
    {
        context.SetCustomStatus(new { Step = "greeting" });
        return await context.CallActivityAsync<string>("SayHello", name);
    }

    [Orchestration("Approval")]
    public static async Task<string> ApprovalAsync(OrchestrationContext context, string request)
    {
        var approved = await context.WaitForExternalEvent<bool>("Approved");
        return approved ? $"{request}: approved" : $"{request}: rejected";
    }

    [Orchestration("Boom")]
    public static async Task<string> BoomAsync(OrchestrationContext context, string input) =>
        await context.CallActivityAsync<string>("Explode", input);

    [Orchestration("Order")]
    public static async Task<string> OrderAsync(OrchestrationContext context, Order order) =>
        await context.CallActivityAsync<string>("SayHello", $"{order.Customer} x{order.Quantity}");

    public static WorkflowRegistry Register(WorkflowRegistry registry) => registry
        .AddOrchestration<string, string>("Greet", GreetAsync)
        .AddOrchestration<string, string>("Approval", ApprovalAsync)
        .AddOrchestration<string, string>("Boom", BoomAsync)
        .AddOrchestration<Order, string>("Order", OrderAsync)
        .AddActivity<string, string>("SayHello", name => $"Hello, {name}!")
        .AddActivity<string, string>("Explode", Explode);

    private static string Explode(string input) => throw new InvalidOperationException($"cannot handle '{input}'");
}

public sealed record Order(string Customer, int Quantity);
