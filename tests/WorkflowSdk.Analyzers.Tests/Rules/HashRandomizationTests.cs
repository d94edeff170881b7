using VerifyHash = WorkflowSdk.Analyzers.Tests.Infrastructure.Verify<WorkflowSdk.Analyzers.Rules.HashRandomizationAnalyzer>;

namespace WorkflowSdk.Analyzers.Tests.Rules;

public class HashRandomizationTests
{
    [Fact]
    public Task HashRandomization_HashCodesAndHashOrderedEnumeration_Trigger() => VerifyHash.AnalyzerAsync("""
        using System;
        using System.Collections;
        using System.Collections.Concurrent;
        using System.Collections.Immutable;
        using System.Linq;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Order { public string Id = ""; }

        public static class Sharding
        {
            [Orchestration]
            public static async Task RunAsync(OrchestrationContext context, string customer, Order order,
                ConcurrentDictionary<string, int> stock, Hashtable legacy, ImmutableHashSet<string> tags)
            {
                var shard = {|WF0011:customer.GetHashCode()|} % 4;
                var combined = {|WF0011:HashCode.Combine(customer, shard)|};
                var comparer = {|WF0011:StringComparer.Ordinal.GetHashCode(customer)|};
                var identity = {|WF0011:order.GetHashCode()|};
                foreach (var item in {|WF0011:stock|})
                {
                    await context.CallActivityAsync("Reserve", item.Key);
                }

                foreach (DictionaryEntry entry in {|WF0011:legacy|})
                {
                    await context.CallActivityAsync("Migrate", entry.Key);
                }

                foreach (var tag in {|WF0011:tags|})
                {
                    await context.CallActivityAsync("Tag", tag);
                }

                var first = {|WF0011:stock.Keys.First()|};
                var copy = {|WF0011:stock.ToArray()|};
                await context.CallActivityAsync("Log", $"{shard}{combined}{comparer}{identity}{first}{copy.Length}");
            }
        }
        """);

    [Fact]
    public Task HashRandomization_OrderedCollectionsStableKeysAndRecords_DoNotTrigger() => VerifyHash.AnalyzerAsync("""
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public record Item(string Sku, int Count);

        public static class Sharding
        {
            [Orchestration]
            public static async Task RunAsync(OrchestrationContext context, Dictionary<string, int> stock,
                ConcurrentDictionary<int, string> byId, ConcurrentDictionary<string, int> counts, Item item, int number)
            {
                foreach (var pair in stock) // insertion order
                {
                    await context.CallActivityAsync("Reserve", pair.Key);
                }

                foreach (var pair in byId) // integer keys hash to themselves
                {
                    await context.CallActivityAsync("Load", pair.Key);
                }

                var total = counts.Count + counts.Values.Sum() + (counts.ContainsKey("x") ? 1 : 0) + (counts.Any() ? 1 : 0);
                var hash = item.GetHashCode() + number.GetHashCode();
                await context.CallActivityAsync("Log", total + hash);
            }

            [Activity]
            public static int Shard(string customer) => customer.GetHashCode() % 4;
        }
        """);
}
