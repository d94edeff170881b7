using System.Reflection;
using Microsoft.Extensions.Logging;

namespace WorkflowSdk.Hosting.Tests;

/// <summary>
/// Every <c>[LoggerMessage]</c> of every shipped library has an event id inside its assembly's range, no id is used
/// twice, and docs/event-ids.md lists each one (ranges and rows).
/// </summary>
public sealed class LogEventIdTests
{
    private static readonly (Assembly Assembly, int First, int Last)[] Ranges =
    [
        (typeof(WorkflowWorker).Assembly, 1, 999),
        (typeof(HostedBackend).Assembly, 2000, 2999),
        (typeof(Sqlite.SqliteBackend).Assembly, 3000, 3999),
        (typeof(RabbitMQ.RabbitMQTransport).Assembly, 4000, 4999),
        (typeof(MongoDB.MongoDBStore).Assembly, 5000, 5999),
    ];

    public static TheoryData<string> Assemblies => [.. Ranges.Select(r => r.Assembly.GetName().Name!)];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Every_event_id_is_inside_its_assemblys_range_and_unique(string assemblyName)
    {
        var (assembly, first, last) = Ranges.Single(r => r.Assembly.GetName().Name == assemblyName);
        var messages = Messages(assembly);

        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.InRange(m.Attribute.EventId, first, last));
        Assert.Empty(messages.GroupBy(m => m.Attribute.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Name))}"));
    }

    [Fact]
    public void The_ranges_do_not_overlap()
    {
        var ordered = Ranges.OrderBy(r => r.First).ToList();
        Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.First.Last < pair.Second.First, $"{pair.First.Assembly.GetName().Name} and {pair.Second.Assembly.GetName().Name} overlap"));
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Docs_event_ids_lists_the_range_and_every_event(string assemblyName)
    {
        var (assembly, first, last) = Ranges.Single(r => r.Assembly.GetName().Name == assemblyName);
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "event-ids.md")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);

        Assert.Contains(lines, l => l.StartsWith($"| {assemblyName} | {first}-{last} |", StringComparison.Ordinal));
        Assert.All(Messages(assembly), m =>
        {
            var row = $"| {m.Attribute.EventId} | {m.Attribute.Level} | {m.Name} | {m.Attribute.Message.Replace("|", "\\|", StringComparison.Ordinal)} |";
            Assert.True(lines.Contains(row), $"docs/event-ids.md lacks the row: {row}");
        });
    }

    private static List<(string Name, LoggerMessageAttribute Attribute)> Messages(Assembly assembly) =>
        [.. assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .Select(m => (m.Attribute!.EventName ?? m.Method.Name, m.Attribute!))];

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WorkflowSdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No WorkflowSdk.sln above {AppContext.BaseDirectory}.");
    }
}
