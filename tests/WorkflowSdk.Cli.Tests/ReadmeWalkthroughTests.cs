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
    public async Task Worker_host_runs_the_order_the_client_starts_wf_shows_it_and_ctrl_c_stops_the_host_cleanly()
    {
        using var host = Start(SampleDll("WorkerHost"));
        try
        {
            var client = await RunAsync(SampleDll("WorkerHost.Client"), "order-1");
            var show = await CliFixture.RunAsync(["show", "order-1", "--sqlite", Path.Combine(_directory, "workerhost.db")]);

            Assert.True(client.ExitCode == 0, client.ToString());
            Assert.Contains("Completed: order-1: PAY-order-1, SHIP-order-1", client.Out, StringComparison.Ordinal);
            Assert.True(show.ExitCode == 0, show.ToString());
            Assert.Matches(@"Status\s+Completed", show.Out);
            Assert.Contains("Charge", show.Out, StringComparison.Ordinal);
            Assert.Contains("Ship", show.Out, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(_directory, "workerhost.db")), "the host and the client share workerhost.db in their current directory");
        }
        finally
        {
            // Ctrl+C: the host stops taking work and exits cleanly.
            using (var interrupt = Process.Start("kill", ["-INT", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.WaitForExitAsync(timeout.Token);
        }

        Assert.Equal(0, host.ExitCode);
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

    private Process Start(string dll, params string[] args)
    {
        var process = Process.Start(StartInfo(dll, args))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<WfResult> RunAsync(string dll, params string[] args)
    {
        using var process = Process.Start(StartInfo(dll, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return new WfResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary><c>dotnet dll args...</c> in the walkthrough's directory, with no backend setting inherited.</summary>
    private ProcessStartInfo StartInfo(string dll, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("WorkflowSdk__Sqlite__Path");
        return start;
    }
}
