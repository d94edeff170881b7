using VerifyHost = WorkflowSdk.Analyzers.Tests.Infrastructure.Verify<WorkflowSdk.Analyzers.Rules.HostDependentValueAnalyzer>;

namespace WorkflowSdk.Analyzers.Tests.Rules;

public class HostDependentValueTests
{
    [Fact]
    public Task HostDependentValue_TimeZoneCultureConfigurationAndAmbientState_Trigger() => VerifyHost.AnalyzerAsync("""
        using System;
        using System.Globalization;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.Options;
        using WorkflowSdk;

        public class Limits { public int Max { get; set; } }

        public class Pricing(IConfiguration configuration, IOptionsMonitor<Limits> limits, IOptionsSnapshot<Limits> snapshot)
        {
            private static readonly AsyncLocal<string> s_tenant = new();

            [Orchestration]
            public Task<string> RunAsync(OrchestrationContext context, string amount, string a, string b, double price)
            {
                var zone = {|WF0012:TimeZoneInfo.Local|};
                var local = {|WF0012:context.CurrentUtcDateTime.ToLocalTime()|};
                var culture = {|WF0012:CultureInfo.CurrentCulture|};
                var parsed = {|WF0012:double.Parse(amount)|};
                var order = {|WF0012:string.Compare(a, b)|};
                var upper = {|WF0012:a.ToUpper()|};
                var starts = {|WF0012:a.StartsWith(b)|};
                var decision = {|WF0012:price.ToString()|} == "1.5";
                var region = {|WF0012:configuration["Region"]|};
                var section = {|WF0012:configuration.GetSection("Pricing")|};
                var max = {|WF0012:limits.CurrentValue|}.Max + {|WF0012:snapshot.Value|}.Max;
                var tenant = {|WF0012:s_tenant.Value|};
                return Task.FromResult($"{zone}{local}{culture}{parsed}{order}{upper}{starts}{decision}{region}{section}{max}{tenant}");
            }
        }
        """);

    [Fact]
    public Task HostDependentValue_InvariantExplicitAndNonDecisionFormatting_DoNotTrigger() => VerifyHost.AnalyzerAsync("""
        using System;
        using System.Globalization;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Configuration;
        using WorkflowSdk;

        public class Pricing(IConfiguration configuration)
        {
            private readonly IConfiguration _configuration = configuration; // holding it is fine

            [Orchestration]
            public async Task<string> RunAsync(OrchestrationContext context, string amount, string a, string b, double price)
            {
                var parsed = double.Parse(amount, CultureInfo.InvariantCulture);
                var order = string.Compare(a, b, StringComparison.Ordinal);
                var upper = a.ToUpperInvariant();
                var starts = a.StartsWith(b, StringComparison.Ordinal);
                var label = price.ToString(); // formatted for display only
                var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
                var paris = TimeZoneInfo.ConvertTimeFromUtc(context.CurrentUtcDateTime, zone);
                await context.CallActivityAsync("Show", $"{label} {price} {paris}");
                return $"{parsed}{order}{upper}{starts}";
            }

            [Activity]
            public string Region() => _configuration["Region"] + CultureInfo.CurrentCulture.Name + TimeZoneInfo.Local.Id;
        }
        """);
}
