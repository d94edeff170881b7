using System.Diagnostics;
using System.Reflection;

namespace WorkflowSdk.Cli.Tests;

/// <summary>
/// The README's "worker host and a client, two processes" walkthrough, run as it is written: the worker host, the
/// client and <c>wf show</c> as three processes started from one directory, sharing the SQLite file there.
/// </summary>
public sealed class ReadmeWalkthroughTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("workflowsdk-walkthrough-").FullName;

    [Fact]
    public async Task Worker_host_runs_the_order_the_client_starts_wf_shows_it_and_a_stop_signal_ends_the_host_cleanly()
    {
        var hostOutput = new System.Text.StringBuilder();
        using var host = Start(SampleDll("WorkerHost"), hostOutput);

        var client = await RunAsync(SampleDll("WorkerHost.Client"), "order-1");
        var show = await CliFixture.RunAsync(["show", "order-1", "--sqlite", Path.Combine(_directory, "workerhost.db")]);
        var exited = await StopAsync(host);

        Assert.True(client.ExitCode == 0, $"{client}\n--- host\n{Output(hostOutput)}");
        Assert.Contains("Completed: order-1: PAY-order-1, SHIP-order-1", client.Out, StringComparison.Ordinal);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Matches(@"Status\s+Completed", show.Out);
        Assert.Contains("Charge", show.Out, StringComparison.Ordinal);
        Assert.Contains("Ship", show.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_directory, "workerhost.db")), "the host and the client share workerhost.db in their current directory");
        Assert.True(exited, $"the host did not stop within 60 s of SIGTERM\n--- host\n{Output(hostOutput)}");
        Assert.True(host.ExitCode == 0, $"host exit code {host.ExitCode}\n--- host\n{Output(hostOutput)}");
    }

    /// <summary>
    /// SIGTERM to the host, as systemd or <c>docker stop</c> send (the Generic Host shuts down gracefully on it as on
    /// Ctrl+C; SIGINT itself is ignored by processes started in the background by a non-interactive shell, as CI may
    /// be); <see langword="false"/> when it is still running a minute later (then it is killed).
    /// </summary>
    private static async Task<bool> StopAsync(Process host)
    {
        using (var interrupt = Process.Start("kill", ["-TERM", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await host.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
            return false;
        }
    }

    private static string Output(System.Text.StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned up with the temporary directory later.
        }
    }

    /// <summary>A sample's built program, from the same configuration as these tests.</summary>
    private static string SampleDll(string sample)
    {
        var configuration = typeof(ReadmeWalkthroughTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "WorkflowSdk.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
        }

        return Path.Combine(root, "samples", sample, "bin", configuration, "net10.0", sample + ".dll");
    }

    private Process Start(string dll, System.Text.StringBuilder output)
    {
        var process = Process.Start(StartInfo(dll, []))!;
        void Append(object sender, DataReceivedEventArgs e)
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private Task<WfResult> RunAsync(string dll, params string[] args) =>
        CliFixture.RunToEndAsync(StartInfo(dll, args), stdin: string.Empty, TimeSpan.FromSeconds(90));

    /// <summary><c>dotnet dll args...</c> in the walkthrough's directory, with no backend setting inherited.</summary>
    private ProcessStartInfo StartInfo(string dll, string[] args)
    {
        var start = CliFixture.DotnetStartInfo(dll, args, _directory);
        start.Environment.Remove("WorkflowSdk__Sqlite__Path");
        return start;
    }
}
