using System.Diagnostics;
using Xunit.Abstractions;

namespace WorkflowSdk.Conformance;

/// <summary>
/// A worker in its own process: <c>tests/WorkflowSdk.TestWorker</c>, which every test project that starts worker
/// processes references (so its <c>WorkflowSdk.TestWorker.dll</c> sits next to the tests). Started with the
/// arguments a provider gives (<see cref="IWorkerProcessProvider.WorkerArguments"/>), it is ready when this returns;
/// its stderr (warnings and errors) goes to the test's output. Disposing kills it if it still runs.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Starts the test worker and waits until it says it is ready.</summary>
    /// <param name="arguments">The test worker's arguments (the backend first, see its Program.cs).</param>
    /// <param name="output">Where the worker's stderr goes; <see langword="null"/> to drop it.</param>
    /// <returns>The running worker.</returns>
    public static WorkerProcess Start(IEnumerable<string> arguments, ITestOutputHelper? output = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var worker = Path.Combine(AppContext.BaseDirectory, "WorkflowSdk.TestWorker.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(worker);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {worker}.");
        var id = process.Id;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && output is not null)
            {
                try
                {
                    output.WriteLine($"[worker {id}] {e.Data}");
                }
                catch (InvalidOperationException)
                {
                    // The test has ended.
                }
            }
        };
        process.BeginErrorReadLine();
        var ready = process.StandardOutput.ReadLine();
        if (ready != "ready")
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            Assert.Equal("ready", ready);
        }

        return new WorkerProcess(process);
    }

    /// <summary>Kills the process (as a crash would) without waiting for it to exit.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>Waits until the process has exited.</summary>
    /// <returns>A task.</returns>
    public Task WaitForExitAsync() => _process.WaitForExitAsync();

    /// <summary>Kills the process if it still runs and releases it.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
