// A worker host process: dotnet run --project samples/WorkerHost
// Reads WorkflowSdk settings from appsettings.json (or environment variables such as WorkflowSdk__Sqlite__Path), runs the
// orchestrations and activities of this assembly until Ctrl+C, then shuts down gracefully: no new work is taken and work in
// progress finishes (or is handed back) within the host's shutdown timeout. Start orders with samples/WorkerHost.Client and
// look at them with wf (src/WorkflowSdk.Cli). Traces print to the console with --traces.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using WorkflowSdk;
using WorkflowSdk.Diagnostics;
using WorkflowSdk.Hosting;
using WorkflowSdk.Samples.WorkerHost;

// appsettings.json is copied beside the executable: read it from there, whichever directory the host runs from. Relative
// paths in it (the SQLite file) are relative to the current directory, as the client's and wf's are.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddScoped<PaymentGateway>();
builder.Services.AddWorkflowSdk(wf => wf
    .AddSqliteConfiguration()   // each reads its section of appsettings.json; the configured ones are the backend
    .AddMongoDBConfiguration()
    .AddRabbitMQConfiguration()
    .AddWorker((registry, services) => registry.AddGeneratedWorkflows(services)));
builder.Services.AddHealthChecks().AddWorkflowSdk();
if (args.Contains("--traces"))
{
    builder.Services.AddOpenTelemetry()
        .WithTracing(t => t.AddSource(WorkflowInstrumentation.SourceName).AddConsoleExporter())
        .WithMetrics(m => m.AddMeter(WorkflowInstrumentation.SourceName).AddConsoleExporter());
}

await builder.Build().RunAsync();
