using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace WorkflowSdk.Packaging.Tests;

/// <summary>
/// What a new user does: packs WorkflowSdk and WorkflowSdk.Sqlite into a folder feed, creates a console app outside the
/// repository that references only those two packages, builds it (the determinism analyzers must flag its deliberate
/// <c>DateTime.Now</c>: WF0001) and runs it to completion on the embedded backend.
/// </summary>
/// <remarks>
/// The packages get a version no earlier run used and the app restores into its own packages folder, so a package
/// cached by an earlier run can never stand in for the one just packed. Other packages come from the machine's NuGet
/// sources, with its global packages folder as a read-only fallback (no download of what is already there).
/// </remarks>
public sealed class PackedAppTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(4);

    private readonly string _root = Directory.CreateTempSubdirectory("workflowsdk-packed-app-").FullName;
    private bool _passed;

    [Fact]
    public async Task A_console_app_referencing_the_packed_WorkflowSdk_and_WorkflowSdk_Sqlite_gets_WF0001_and_runs_a_workflow_to_completion()
    {
        var repository = Metadata("RepositoryRoot");
        var configuration = Metadata("Configuration");
        var suffix = $"packtest.t{Guid.NewGuid():N}"[..24];
        var version = $"{Metadata("VersionPrefix")}-{suffix}";
        var feed = Directory.CreateDirectory(Path.Combine(_root, "feed")).FullName;
        var packages = Directory.CreateDirectory(Path.Combine(_root, "packages")).FullName;
        var app = Directory.CreateDirectory(Path.Combine(_root, "app")).FullName;
        var noEnvironment = new Dictionary<string, string?>();

        // Pack what the test project's build just built (same configuration), with the unique version.
        // WorkflowSdk.Sqlite depends on WorkflowSdk.Hosting (it brings its own UseSqlite for hosts), so that is packed too.
        foreach (var project in new[] { "src/WorkflowSdk/WorkflowSdk.csproj", "src/WorkflowSdk.Hosting/WorkflowSdk.Hosting.csproj", "src/WorkflowSdk.Sqlite/WorkflowSdk.Sqlite.csproj" })
        {
            var pack = await Step(repository, noEnvironment,
                "pack", Path.Combine(repository, project), "--no-build", "-c", configuration, "-o", feed, $"-p:VersionSuffix={suffix}", "-nodeReuse:false");
            Assert.True(pack.ExitCode == 0, pack.ToString());
            Assert.DoesNotContain(": warning ", pack.Output, StringComparison.Ordinal);
        }

        AssertPackage(Path.Combine(feed, $"WorkflowSdk.{version}.nupkg"), "WorkflowSdk", version,
            "analyzers/dotnet/cs/WorkflowSdk.Analyzers.dll", "analyzers/dotnet/cs/WorkflowSdk.Analyzers.CodeFixes.dll",
            "analyzers/dotnet/cs/WorkflowSdk.Generators.dll", "docs/analyzers/WF0001.md", "docs/generators/WFG0001.md", "lib/net10.0/WorkflowSdk.dll");
        AssertPackage(Path.Combine(feed, $"WorkflowSdk.Sqlite.{version}.nupkg"), "WorkflowSdk.Sqlite", version, "lib/net10.0/WorkflowSdk.Sqlite.dll");
        Assert.True(File.Exists(Path.Combine(feed, $"WorkflowSdk.{version}.snupkg")), "no symbol package");

        WriteApp(app, feed, version);
        var environment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = packages };
        var build = await Step(app, environment, "build", "-nodeReuse:false", "-p:UseSharedCompilation=false");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("Program.cs", build.Output, StringComparison.Ordinal);
        Assert.Contains(": warning WF0001:", build.Output, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(packages, "workflowsdk", version.ToLowerInvariant())), "WorkflowSdk was not restored into the app's own packages folder");

        // A SQLite-only app's restore graph holds neither MongoDB's nor RabbitMQ's packages.
        using (var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(app, "obj", "project.assets.json"))))
        {
            var libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();
            output.WriteLine("restore graph: " + string.Join(", ", libraries));
            Assert.Contains(libraries, l => l.StartsWith("WorkflowSdk.Sqlite/", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(libraries, l => l.Contains("MongoDB", StringComparison.OrdinalIgnoreCase) || l.Contains("RabbitMQ", StringComparison.OrdinalIgnoreCase));
        }

        var run = await Step(app, environment, "run", "--no-build", "--", Path.Combine(_root, "packed-app.db"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Completed: Hello, packages!", run.Output, StringComparison.Ordinal);
        _passed = true;
    }

    public void Dispose()
    {
        if (!_passed)
        {
            output.WriteLine($"kept for a look: {_root}");
            return;
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open: the temp folder's cleanup takes it
        }
        catch (UnauthorizedAccessException)
        {
            // read-only files extracted from packages: likewise
        }
    }

    private static string Metadata(string key) =>
        typeof(PackedAppTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private async Task<DotnetResult> Step(string directory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var result = await Dotnet.RunAsync(directory, environment, StepTimeout, args);
        output.WriteLine($"dotnet {args[0]}: exit {result.ExitCode} after {result.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    /// <summary>The package's id, version, metadata a team needs (license, readme, authors, description) and files.</summary>
    private static void AssertPackage(string path, string id, string version, params string[] files)
    {
        Assert.True(File.Exists(path), $"{path} was not packed");
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var file in files.Append("README.md"))
        {
            Assert.Contains(file, entries);
        }

        using var nuspecStream = zip.GetEntry(id + ".nuspec")!.Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal(id, Value("id"));
        Assert.Equal(version, Value("version"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Equal("WorkflowSdk contributors", Value("authors"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        Assert.NotEqual("Package Description", Value("description"));
        Assert.DoesNotContain("github.com/workflowsdk", metadata.ToString(), StringComparison.OrdinalIgnoreCase);

        // A package built on WorkflowSdk passes its analyzers and generator on: referencing WorkflowSdk.Sqlite alone
        // still flags nondeterministic code and generates the typed proxies.
        var onCore = metadata.Descendants().Where(e => e.Name.LocalName == "dependency" && (string?)e.Attribute("id") == "WorkflowSdk");
        foreach (var dependency in onCore)
        {
            Assert.DoesNotContain("Analyzers", (string?)dependency.Attribute("exclude") ?? "", StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// A console app as a user would write it, with its own nuget.config (the feed, and the machine's packages folder as
    /// a fallback) and empty Directory.Build files so that nothing above the temp folder takes part in its build.
    /// </summary>
    private static void WriteApp(string app, string feed, string version)
    {
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="workflowsdk-packed" value="{feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{machinePackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(app, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(app, "PackedApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="WorkflowSdk" Version="[{version}]" />
                <PackageReference Include="WorkflowSdk.Sqlite" Version="[{version}]" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using WorkflowSdk;
            using WorkflowSdk.Sqlite;

            await using var backend = SqliteBackend.Open(args[0]);
            await using var worker = new WorkflowWorker(backend, new WorkflowRegistry().AddGeneratedWorkflows());
            await worker.StartAsync();

            var client = new WorkflowClient(backend);
            var hello = await client.StartHelloAsync("packages");
            var status = await hello.WaitForCompletionAsync(TimeSpan.FromSeconds(60));
            Console.WriteLine($"{status.RuntimeStatus}: {status.ReadOutputAs<string>()}");
            await worker.StopAsync();
            return status.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? 0 : 1;

            public static class Workflows
            {
                [Orchestration("Hello")]
                public static async Task<string> HelloAsync(OrchestrationContext context, string name)
                {
                    var startedAt = DateTime.Now; // deliberately nondeterministic: the analyzers must say WF0001
                    var greeting = await context.Activities.SayHelloAsync(name);
                    return startedAt.Year > 2000 ? greeting : "";
                }

                [Activity("SayHello")]
                public static string SayHello(string name) => $"Hello, {name}!";
            }
            """);
    }
}
