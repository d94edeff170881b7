// Starts an order on the worker host's database and waits for it:
//   dotnet run --project samples/WorkerHost.Client -- [--db workerhost.db] [order-id]
// Run it from the directory the worker host runs in: both default to workerhost.db there.
// The orchestration runs in the worker host process; this process only starts it and reads its status.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WorkflowSdk;

var db = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault() ?? "workerhost.db";
var orderId = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] != "--db")).FirstOrDefault()
    ?? $"order-{DateTime.UtcNow:HHmmss}";

var builder = Host.CreateApplicationBuilder();
builder.Services.AddWorkflowSdk(wf => wf.UseSqlite(db));
using var host = builder.Build();
var client = host.Services.GetRequiredService<WorkflowClient>();

var id = await client.StartOrchestrationAsync("ProcessOrder", new Order(orderId, "Ada Lovelace", 42.50m), orderId);
Console.WriteLine($"Started ProcessOrder as {id}; the worker host runs it. Waiting...");
var done = await client.WaitForCompletionAsync(id, TimeSpan.FromMinutes(1));
Console.WriteLine($"{done.RuntimeStatus}: {done.ReadOutputAs<string>()}");
Console.WriteLine($"Look at it: dotnet run --project src/WorkflowSdk.Cli -- show {id} --sqlite {db}");

/// <summary>The order, as the worker host's orchestration declares it (same property names and types).</summary>
public sealed record Order(string OrderId, string Customer, decimal Amount);
