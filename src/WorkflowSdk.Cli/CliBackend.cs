using System.CommandLine;
using WorkflowSdk.Hosting;
using WorkflowSdk.MongoDB;
using WorkflowSdk.RabbitMQ;
using WorkflowSdk.Sqlite;

namespace WorkflowSdk.Cli;

/// <summary>
/// One backend as <c>wf</c> offers it: its options (with their environment variables), what it is, and the store or
/// transport it opens. <see cref="Connection"/> goes through this list only; adding a backend to the tool is adding
/// one class to <see cref="CreateAll"/>.
/// </summary>
internal abstract class CliBackend
{
    /// <summary>The backends (with options of their own, for one command tree), in the order their options are listed.</summary>
    public static IReadOnlyList<CliBackend> CreateAll() => [new SqliteCliBackend(), new MongoDBCliBackend(), new RabbitMQCliBackend()];

    /// <summary>The backend's name in messages.</summary>
    public abstract string Name { get; }

    /// <summary>Whether it is a store, a transport or both.</summary>
    public abstract HostedBackendRoles Roles { get; }

    /// <summary>The options it adds to the root command (recursive).</summary>
    public abstract IEnumerable<Option> Options { get; }

    /// <summary>The option that chooses it, with its argument, e.g. <c>--sqlite &lt;file&gt;</c>.</summary>
    public abstract string Usage { get; }

    /// <summary>The option's name, e.g. <c>--sqlite</c>.</summary>
    public string OptionName => Usage.Split(' ')[0];

    /// <summary>The environment variable that chooses it when the option is absent.</summary>
    public abstract string Variable { get; }

    /// <summary>The values given for this backend (options first, then the environment); <see langword="null"/> when it is not chosen.</summary>
    public abstract CliBackendChoice? Read(ParseResult parsed);

    /// <summary>Environment variable, or <see langword="null"/> when unset or empty.</summary>
    protected static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}

/// <summary>A backend chosen on the command line, with its values.</summary>
internal abstract record CliBackendChoice(CliBackend Backend)
{
    /// <summary>What it connects to, without secrets.</summary>
    public abstract string Describe();

    /// <summary>Opens it in <paramref name="roles"/> (a store and/or a transport; one object when it is both).</summary>
    /// <exception cref="CliException">A wrong path or URI.</exception>
    public abstract HostedBackendPart Open(HostedBackendRoles roles);
}

internal sealed class SqliteCliBackend : CliBackend
{
    private readonly Option<string?> _path = new("--sqlite") { Description = $"The SQLite database file (or {Connection.SqliteVariable}).", Recursive = true };

    public override string Name => "SQLite";

    public override HostedBackendRoles Roles => HostedBackendRoles.StoreAndTransport;

    public override IEnumerable<Option> Options => [_path];

    public override string Usage => "--sqlite <file>";

    public override string Variable => Connection.SqliteVariable;

    public override CliBackendChoice? Read(ParseResult parsed) => (parsed.GetValue(_path) ?? Env(Variable)) is { } path ? new Choice(this, path) : null;

    private sealed record Choice(CliBackend Backend, string Path) : CliBackendChoice(Backend)
    {
        public override string Describe() => $"SQLite {System.IO.Path.GetFullPath(Path)}";

        public override HostedBackendPart Open(HostedBackendRoles roles)
        {
            if (!File.Exists(Path))
            {
                throw new CliException($"No WorkflowSdk database at '{System.IO.Path.GetFullPath(Path)}': the file does not exist.");
            }

            var sqlite = new SqliteBackend(Path);
            return new HostedBackendPart(sqlite, sqlite, Describe());
        }
    }
}

internal sealed class MongoDBCliBackend : CliBackend
{
    private readonly Option<string?> _uri = new("--mongodb") { Description = $"A MongoDB URI (or {Connection.MongoDBVariable}).", Recursive = true };
    private readonly Option<string?> _hub = new("--mongodb-hub") { Description = "The MongoDB hub (default workflows).", Recursive = true };

    public override string Name => "MongoDB";

    public override HostedBackendRoles Roles => HostedBackendRoles.Store;

    public override IEnumerable<Option> Options => [_uri, _hub];

    public override string Usage => "--mongodb <uri>";

    public override string Variable => Connection.MongoDBVariable;

    public override CliBackendChoice? Read(ParseResult parsed) =>
        (parsed.GetValue(_uri) ?? Env(Variable)) is { } uri ? new Choice(this, uri, parsed.GetValue(_hub)) : null;

    private sealed record Choice(CliBackend Backend, string Uri, string? Hub) : CliBackendChoice(Backend)
    {
        public override string Describe() => $"MongoDB {MongoDBConnectionString.Redact(Uri)}";

        public override HostedBackendPart Open(HostedBackendRoles roles)
        {
            if (!Uri.StartsWith("mongodb://", StringComparison.OrdinalIgnoreCase) && !Uri.StartsWith("mongodb+srv://", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException($"'{MongoDBConnectionString.Redact(Uri)}' is not a MongoDB URI (mongodb://host/database or mongodb+srv://...).");
            }

            var options = new MongoDBStoreOptions { ConnectionString = Uri };
            options.HubName = Hub ?? options.HubName;
            return new HostedBackendPart(new MongoDBStore(options), null, Describe());
        }
    }
}

internal sealed class RabbitMQCliBackend : CliBackend
{
    private readonly Option<string?> _uri = new("--rabbitmq") { Description = $"The RabbitMQ URI the workers use (or {RabbitMQTransport.ConnectionStringVariable}).", Recursive = true };
    private readonly Option<string?> _hub = new("--rabbitmq-hub") { Description = $"The RabbitMQ hub (or {RabbitMQTransport.HubNameVariable}; default workflows).", Recursive = true };

    public override string Name => "RabbitMQ";

    public override HostedBackendRoles Roles => HostedBackendRoles.Transport;

    public override IEnumerable<Option> Options => [_uri, _hub];

    public override string Usage => "--rabbitmq <uri>";

    public override string Variable => RabbitMQTransport.ConnectionStringVariable;

    public override CliBackendChoice? Read(ParseResult parsed) =>
        (parsed.GetValue(_uri) ?? Env(Variable)) is { } uri ? new Choice(this, uri, parsed.GetValue(_hub) ?? Env(RabbitMQTransport.HubNameVariable)) : null;

    private sealed record Choice(CliBackend Backend, string Uri, string? Hub) : CliBackendChoice(Backend)
    {
        public override string Describe() => $"RabbitMQ {RabbitMQConnectionString.Redact(Uri)}";

        public override HostedBackendPart Open(HostedBackendRoles roles)
        {
            if (!System.Uri.TryCreate(Uri, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
            {
                throw new CliException($"'{RabbitMQConnectionString.Redact(Uri)}' is not a RabbitMQ URI (amqp://user:password@host:5672/).");
            }

            var options = new RabbitMQTransportOptions { ConnectionString = Uri };
            options.HubName = Hub ?? options.HubName;
            return new HostedBackendPart(null, new RabbitMQTransport(options), Describe());
        }
    }
}
