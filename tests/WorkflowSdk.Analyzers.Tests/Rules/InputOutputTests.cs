using VerifyIo = WorkflowSdk.Analyzers.Tests.Infrastructure.Verify<WorkflowSdk.Analyzers.Rules.InputOutputAnalyzer>;

namespace WorkflowSdk.Analyzers.Tests.Rules;

public class InputOutputTests
{
    [Fact]
    public Task InputOutput_FilesNetworkDatabaseAndEnvironment_Trigger() => VerifyIo.AnalyzerAsync("""
        using System;
        using System.Data.Common;
        using System.Diagnostics;
        using System.IO;
        using System.Net;
        using System.Net.Http;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Report(HttpClient http, DbConnection db)
        {
            [Orchestration]
            public async Task<string> RunAsync(OrchestrationContext context)
            {
                var text = {|WF0008:File.ReadAllText("report.txt")|};
                var exists = {|WF0008:Directory.Exists("out")|};
                var page = await {|WF0008:http.GetStringAsync("https://example.invalid")|};
                using var stream = {|WF0008:new FileStream("x.bin", FileMode.Open)|};
                var size = {|WF0008:new FileInfo("x.bin").Length|};
                var user = {|WF0008:Environment.GetEnvironmentVariable("USER")|};
                var machine = {|WF0008:Environment.MachineName|};
                var line = {|WF0008:Console.ReadLine()|};
                {|WF0008:Process.Start("ls")|};
                await {|WF0008:db.OpenAsync()|};
                var host = {|WF0008:Dns.GetHostName()|};
                var temp = {|WF0008:Path.GetTempFileName()|};
                using var reader = {|WF0008:new StreamReader("in.txt")|};
                return text + exists + page + size + user + machine + line + host + temp;
            }
        }
        """);

    [Fact]
    public Task InputOutput_InjectedFieldsPureHelpersActivitiesAndStartup_DoNotTrigger() => VerifyIo.AnalyzerAsync("""
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public class Report(HttpClient http)
        {
            private readonly HttpClient _http = http; // holding a client is fine; calling it is not

            [Orchestration]
            public async Task<string> RunAsync(OrchestrationContext context, string folder)
            {
                var path = Path.Combine(folder, "report.txt");
                var name = Path.GetFileName(path) + Environment.NewLine;
                using var reader = new StringReader(name);
                return await context.CallActivityAsync<string>("Fetch", path) + reader.ReadLine();
            }

            [Activity]
            public async Task<string> FetchAsync(string path) =>
                await _http.GetStringAsync(path) + File.ReadAllText(path) + Environment.GetEnvironmentVariable("USER");

            public static void Main() => Console.WriteLine(Environment.MachineName + Console.ReadLine());
        }
        """);

    [Fact]
    public Task InputOutput_ReadInHelper_TriggersAtCallSiteWithPath() => VerifyIo.AnalyzerAsync(
        """
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using WorkflowSdk;

        public static class Report
        {
            [Orchestration]
            public static Task<string> RunAsync(OrchestrationContext context) => Task.FromResult({|#0:Settings.Region()|});
        }

        public static class Settings
        {
            public static string Region() => {|#1:Environment.GetEnvironmentVariable("REGION")|} ?? "eu";
        }
        """,
        VerifyIo.Diagnostic().WithLocation(0).WithArguments("'Settings.Region'", "calls Environment.GetEnvironmentVariable, which differs between workers and over time", " (via Settings.Region)"),
        VerifyIo.Diagnostic().WithLocation(1).WithArguments("Orchestration code", "calls Environment.GetEnvironmentVariable, which differs between workers and over time", " (reached from orchestration 'Report.RunAsync' via Report.RunAsync → Settings.Region)"));
}
