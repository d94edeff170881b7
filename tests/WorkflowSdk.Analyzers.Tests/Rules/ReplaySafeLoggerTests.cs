using WorkflowSdk.Analyzers.CodeFixes;
using VerifyLogger = WorkflowSdk.Analyzers.Tests.Infrastructure.Verify<WorkflowSdk.Analyzers.Rules.ReplaySafeLoggerAnalyzer>;

namespace WorkflowSdk.Analyzers.Tests.Rules;

public class ReplaySafeLoggerTests
{
    [Fact]
    public Task ReplaySafeLogger_InjectedFactoryAndConsoleOutput_Trigger() => VerifyLogger.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        using WorkflowSdk;

        public static partial class Log
        {
            [LoggerMessage(1, LogLevel.Information, "Charged {Amount}")]
            public static void Charged(ILogger logger, int amount) { }
        }

        public class Billing(ILogger<Billing> logger, ILoggerFactory factory)
        {
            private readonly ILogger<Billing> _logger = logger;

            public ILogger Audit { get; } = factory.CreateLogger("Audit");

            [Orchestration]
            public async Task RunAsync(OrchestrationContext context, int amount)
            {
                {|WF0013:_logger.LogInformation("Charging {Amount}", amount)|};
                var local = factory.CreateLogger("Billing");
                {|WF0013:local.LogWarning("Slow")|};
                {|WF0013:Audit.Log(LogLevel.Information, "audit")|};
                {|WF0013:Log.Charged(_logger, amount)|};
                {|WF0013:Console.WriteLine("charged")|};
                await context.CallActivityAsync("Charge", amount);
            }
        }
        """);

    [Fact]
    public Task ReplaySafeLogger_ReplaySafeGuardedParameterAndActivity_DoNotTrigger() => VerifyLogger.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        using WorkflowSdk;

        public class Billing(ILogger<Billing> logger)
        {
            private ILogger? _safe;

            [Orchestration]
            public async Task RunAsync(OrchestrationContext context, int amount)
            {
                var log = context.CreateReplaySafeLogger<Billing>();
                log.LogInformation("Charging {Amount}", amount);
                _safe = context.CreateReplaySafeLogger("Billing");
                _safe.LogInformation("safe field");
                if (!context.IsReplaying)
                {
                    logger.LogInformation("Charging at {Time}", DateTime.UtcNow);
                    Console.WriteLine("first run only");
                }

                Report(logger, amount);
                await context.CallActivityAsync("Charge", amount);
                if (context.IsReplaying)
                {
                    return;
                }

                logger.LogInformation("Done");
            }

            private static void Report(ILogger log, int amount) => log.LogDebug("Amount {Amount}", amount);

            [Activity]
            public void Charge(int amount) => logger.LogInformation("Charged {Amount}", amount);
        }
        """);

    [Fact]
    public Task ReplaySafeLogger_InjectedLogger_FixedToReplaySafeLoggerEverywhere() => VerifyLogger.CodeFixAsync<ReplaySafeLoggerCodeFixProvider>(
        """
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        using WorkflowSdk;

        namespace Shop;

        public class Billing(ILogger<Billing> logger, ILoggerFactory factory)
        {
            private readonly ILogger _plain = factory.CreateLogger("plain");

            [Orchestration]
            public async Task RunAsync(OrchestrationContext context, int amount)
            {
                {|WF0013:logger.LogInformation("Charging {Amount}", amount)|};
                await context.CallActivityAsync("Charge", amount);
                {|WF0013:_plain.LogInformation("Charged")|};
            }
        }

        public static class Refunds
        {
            private static readonly ILogger s_log = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

            [Orchestration]
            public static Task RunAsync(OrchestrationContext ctx)
            {
                {|WF0013:s_log.LogInformation("Refunding")|};
                return Task.CompletedTask;
            }
        }
        """,
        """
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        using WorkflowSdk;

        namespace Shop;

        public class Billing(ILogger<Billing> logger, ILoggerFactory factory)
        {
            private readonly ILogger _plain = factory.CreateLogger("plain");

            [Orchestration]
            public async Task RunAsync(OrchestrationContext context, int amount)
            {
                context.CreateReplaySafeLogger<Billing>().LogInformation("Charging {Amount}", amount);
                await context.CallActivityAsync("Charge", amount);
                context.CreateReplaySafeLogger<Billing>().LogInformation("Charged");
            }
        }

        public static class Refunds
        {
            private static readonly ILogger s_log = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

            [Orchestration]
            public static Task RunAsync(OrchestrationContext ctx)
            {
                ctx.CreateReplaySafeLogger("Shop.Refunds").LogInformation("Refunding");
                return Task.CompletedTask;
            }
        }
        """);
}
