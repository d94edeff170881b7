using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WorkflowSdk.Generators.Model;
using WorkflowSdk.Generators.Tests.Infrastructure;
using TrackingNames = WorkflowSdk.Generators.WorkflowGenerator.TrackingNames;

namespace WorkflowSdk.Generators.Tests;

/// <summary>
/// The pipeline's caching: an edit that changes no workflow signature leaves the model and the generated source
/// untouched (<c>Cached</c>/<c>Unchanged</c>); an edit to a signature re-runs them.
/// </summary>
public sealed class IncrementalTests
{
    private const string WorkflowFile = """
        using System.Threading.Tasks;
        using WorkflowSdk;

        namespace Trips;

        public static class Booking
        {
            [Activity]
            public static Task<string> BookFlight(string destination) => Task.FromResult("FL-" + destination);

            [Orchestration]
            public static async Task<string> BookTrip(OrchestrationContext context, string destination)
            {
                return await context.Activities.BookFlightAsync(destination);
            }
        }
        """;

    private const string HotelFile = """
        using WorkflowSdk;

        namespace Trips;

        public static class Hotels
        {
            [Activity]
            public static string BookHotel(string city, int nights) => city + nights;
        }
        """;

    private const string OtherFile = """
        namespace Trips;

        public static class Pricing
        {
            public static decimal Fare(string destination) => destination.Length * 10m;
        }
        """;


    [Fact]
    public void EditingAMethodBodyInANonWorkflowFile_RerunsNothing()
    {
        var (driver, compilation) = RunOnce();

        var edited = Replace(compilation, OtherFile, OtherFile.Replace("* 10m", "* 12m // new fares"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // The attribute lookup never even re-parses the workflow file's methods.
        AssertAll(result, TrackingNames.Activities, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertAll(result, TrackingNames.Orchestrations, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertModelAndOutputsNotRerun(result);
    }

    [Fact]
    public void AddingACommentAboveAWorkflow_LeavesTheModelUnchanged_AndTheOutputCached()
    {
        var (driver, compilation) = RunOnce();

        var edited = Replace(compilation, WorkflowFile, WorkflowFile.Replace("    [Activity]", "    // Books the outbound flight.\n    [Activity]"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // The file changed, so its methods were parsed again, and they moved (their diagnostic locations differ) ...
        Assert.Contains(result.TrackedSteps[TrackingNames.Activities].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        // ... but the location-free model is equal, so nothing is emitted again.
        AssertModelAndOutputsNotRerun(result);
    }

    [Fact]
    public void EditingAnOrchestrationBody_LeavesTheModelUnchanged_AndTheOutputCached()
    {
        var (driver, compilation) = RunOnce();

        var edited = Replace(compilation, WorkflowFile, WorkflowFile.Replace("return await", "var flight = await").Replace(
            "context.Activities.BookFlightAsync(destination);", "context.Activities.BookFlightAsync(destination);\n        return flight;"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertModelAndOutputsNotRerun(result);
    }

    [Fact]
    public void ChangingAnActivitySignature_RegeneratesThatTypesFileOnly()
    {
        var (driver, compilation) = RunOnce();

        var edited = Replace(compilation, WorkflowFile, WorkflowFile
            .Replace("BookFlight(string destination)", "BookFlight(string destination, int passengers = 1)")
            .Replace("BookFlightAsync(destination)", "BookFlightAsync(destination, 2)"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAll(result, TrackingNames.Specs, IncrementalStepRunReason.Modified);
        AssertAll(result, TrackingNames.Model, IncrementalStepRunReason.Modified);
        var types = result.TrackedSteps[TrackingNames.DeclaringTypes].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, types.Count);
        Assert.Contains(types, o => o.Reason == IncrementalStepRunReason.Modified && ((DeclaringTypeModel)o.Value).FileName == "Trips_Booking.Workflows.g.cs");
        Assert.Contains(types, o => o.Reason == IncrementalStepRunReason.Unchanged && ((DeclaringTypeModel)o.Value).FileName == "Trips_Hotels.Workflows.g.cs");
        AssertAll(result, TrackingNames.Registration, IncrementalStepRunReason.Unchanged);
        Assert.Contains(result.GeneratedSources, s => s.SourceText.ToString().Contains("(string, int)", StringComparison.Ordinal));
    }

    [Fact]
    public void RenamingAnActivity_RegeneratesTheRegistration()
    {
        var (driver, compilation) = RunOnce();

        var edited = Replace(compilation, HotelFile, HotelFile.Replace("[Activity]", "[Activity(\"hotels.book\")]"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAll(result, TrackingNames.Registration, IncrementalStepRunReason.Modified);
        Assert.Contains(result.GeneratedSources, s => s.SourceText.ToString().Contains("registry.AddActivity(\"hotels.book\"", StringComparison.Ordinal));
    }

    [Fact]
    public void AddingANewActivity_RegeneratesTheSource()
    {
        var (driver, compilation) = RunOnce();

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Trips; public static class Cars { [WorkflowSdk.Activity] public static string BookCar(string city) => city; }",
            GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAll(result, TrackingNames.Model, IncrementalStepRunReason.Modified);
        Assert.Contains(result.GeneratedSources, s => s.HintName == "Trips_Cars.Workflows.g.cs");
    }

    [Fact]
    public void ModelTypes_HoldNoSymbolsSyntaxOrCompilation()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation), typeof(SemanticModel) };
        var modelTypes = typeof(WorkflowGenerator).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(WorkflowModel).Namespace && !t.IsEnum)
            .ToList();
        Assert.Contains(typeof(WorkflowMethodSpec), modelTypes);

        var seen = new HashSet<Type>();
        foreach (var type in modelTypes)
        {
            Walk(type);
        }

        void Walk(Type type)
        {
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum)
            {
                return;
            }

            Assert.DoesNotContain(forbidden, f => f.IsAssignableFrom(type));
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                Walk(propertyType);
                if (propertyType.IsGenericType && typeof(IEnumerable).IsAssignableFrom(propertyType))
                {
                    foreach (var argument in propertyType.GetGenericArguments())
                    {
                        Walk(argument);
                    }
                }
            }
        }
    }

    private static (GeneratorDriver Driver, Compilation Compilation) RunOnce()
    {
        var compilation = GeneratorHarness.Compile(WorkflowFile, HotelFile, OtherFile);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        Assert.Null(first.Exception);
        Assert.Equal(3, first.GeneratedSources.Length);
        return (driver, compilation);
    }

    private static Compilation Replace(Compilation compilation, string oldText, string newText)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.GetText().ToString() == oldText);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(newText)));
    }

    private static void AssertAll(GeneratorRunResult result, string step, params IncrementalStepRunReason[] allowed)
    {
        var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Contains(o.Reason, allowed));
    }

    /// <summary>The model steps produced nothing new and every output (source and diagnostics) was served from the cache.</summary>
    private static void AssertModelAndOutputsNotRerun(GeneratorRunResult result)
    {
        AssertAll(result, TrackingNames.Specs, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertAll(result, TrackingNames.Model, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        var outputs = result.TrackedOutputSteps["SourceOutput"].SelectMany(s => s.Outputs).ToList();
        Assert.All(outputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }
}
