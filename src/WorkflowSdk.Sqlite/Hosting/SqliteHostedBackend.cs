using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WorkflowSdk.Hosting;

namespace WorkflowSdk.Sqlite.Hosting;

/// <summary>The SQLite backend in a host: the <c>Sqlite</c> section (<c>Path</c> and <see cref="SqliteBackendOptions"/>).</summary>
internal sealed class SqliteHostedBackend : HostedBackendProvider
{
    public const string Section = "Sqlite";

    /// <summary>The SQLite file (<c>Sqlite:Path</c>); <see langword="null"/> when SQLite is not used.</summary>
    public string? Path { get; set; }

    /// <summary>Settings of the SQLite backend (the rest of the <c>Sqlite</c> section).</summary>
    public SqliteBackendOptions Options { get; } = new();

    public override string SectionName => Section;

    public override HostedBackendRoles Roles => HostedBackendRoles.StoreAndTransport;

    public override string UseMethodName => "UseSqlite";

    public override bool IsConfigured => Path is not null;

    public override void ReadConfiguration(IConfigurationSection section)
    {
        Path = section["Path"] ?? Path;
        ConfigurationReader.Bind(section, Options, "Path");
    }

    public override IEnumerable<string> GetValidationErrors(string sectionPath)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Path))
        {
            errors.Add($"{sectionPath}:Path is empty.");
        }
        else if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) is { } directory && !Directory.Exists(directory))
        {
            errors.Add($"{sectionPath}:Path is '{Path}', but the directory '{directory}' does not exist.");
        }

        errors.AddRange(Options.GetValidationErrors().Select(e => $"{sectionPath}:{e}"));
        return errors;
    }

    public override string DescribeSetup(string sectionPath, HostedBackendRoles role) => role switch
    {
        HostedBackendRoles.Transport => $"'{sectionPath}:Path' to use a SQLite file's queues",
        HostedBackendRoles.Store => $"'{sectionPath}:Path'",
        _ => $"'{sectionPath}:Path' (embedded: one SQLite file)",
    };

    public override HostedBackendPart Create(HostedBackendRoles roles, IServiceProvider services, ILoggerFactory loggerFactory)
    {
        var sqlite = new SqliteBackend(Path!, Options, loggerFactory);
        return roles switch
        {
            HostedBackendRoles.Store => new HostedBackendPart(sqlite, null, $"SQLite {sqlite.Path}"),
            HostedBackendRoles.Transport => new HostedBackendPart(null, sqlite, $"SQLite queues {sqlite.Path}"),
            _ => new HostedBackendPart(sqlite, sqlite, $"SQLite {sqlite.Path}"),
        };
    }
}
