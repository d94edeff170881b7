using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using WorkflowSdk.Generators.Common;
using WorkflowSdk.Generators.Model;

namespace WorkflowSdk.Generators;

public sealed partial class WorkflowGenerator
{
    /// <summary>
    /// Turns the <see cref="WorkflowModel"/> into source: one file per declaring type (its proxies, typed client
    /// methods, handles and runners) and one registration file. Sees no symbols.
    /// </summary>
    internal static class Emitter
    {
        private const string Task = "global::System.Threading.Tasks.Task";
        private const string CancellationToken = "global::System.Threading.CancellationToken";
        private const string RetryOptions = "global::WorkflowSdk.RetryOptions";
        private const string PayloadCodec = "global::WorkflowSdk.Serialization.PayloadCodec";
        private const string ServiceProvider = "global::System.IServiceProvider";

        /// <summary>The hint name of the registration file.</summary>
        public const string RegistrationFileName = "WorkflowSdk.GeneratedWorkflows.g.cs";

        /// <summary>The hint name of the file of typed event waits.</summary>
        public const string EventWaitsFileName = "WorkflowSdk.GeneratedEventWaits.g.cs";

        /// <summary>The typed waits on <c>context.Events</c>, one group of overloads per declared event name.</summary>
        public static string EmitEventWaits(EventWaitsModel model)
        {
            var w = Header();
            w.OpenBlock("namespace WorkflowSdk");
            w.WriteLine("/// <summary>");
            w.WriteLine("/// Typed waits for the external events the orchestrations of this assembly declare with <c>[ExternalEvent&lt;TData&gt;(name)]</c>:");
            w.WriteLine("/// <c>var decision = await context.Events.WaitForApprovalAsync(TimeSpan.FromDays(3))</c>.");
            w.WriteLine("/// </summary>");
            w.WriteLine("[global::System.CodeDom.Compiler.GeneratedCode(\"WorkflowSdk.Generators\", \"" + GeneratorVersion + "\")]");
            w.OpenBlock((model.Waits.Any(e => e.IsPublic) ? "public" : "internal") + " static partial class GeneratedExternalEventWaits");
            var first = true;
            foreach (var wait in model.Waits)
            {
                if (!first)
                {
                    w.WriteLine();
                }

                first = false;
                var access = wait.IsPublic ? "public" : "internal";
                var returns = Task + "<" + wait.DataType + ">";
                var name = Literal(wait.Name);
                var declared = "Declared by " + Xml(wait.DeclaredBy) + ".";
                w.WriteLine("/// <summary>Waits for the external event <c>" + Xml(wait.Name) + "</c>. " + declared + "</summary>");
                w.WriteLine("/// <param name=\"events\">The orchestration's <c>context.Events</c>.</param>");
                w.WriteLine("/// <param name=\"cancellationToken\">Ends the wait (the waiter is removed); create and cancel it in orchestration code.</param>");
                w.WriteLine("/// <returns>The event data.</returns>");
                w.WriteLine(access + " static " + returns + " " + wait.WaitMethodName + "(this global::WorkflowSdk.ExternalEventWaits events, " + CancellationToken + " cancellationToken = default) =>");
                w.WriteLine("    cancellationToken.CanBeCanceled");
                w.WriteLine("        ? events.Context.WaitForExternalEvent<" + wait.DataType + ">(" + name + ", cancellationToken)");
                w.WriteLine("        : events.Context.WaitForExternalEvent<" + wait.DataType + ">(" + name + ");");
                w.WriteLine();
                w.WriteLine("/// <summary>Waits for the external event <c>" + Xml(wait.Name) + "</c>, at most <paramref name=\"timeout\"/> (a durable timer). " + declared + "</summary>");
                w.WriteLine("/// <param name=\"events\">The orchestration's <c>context.Events</c>.</param>");
                w.WriteLine("/// <param name=\"timeout\">How long to wait.</param>");
                w.WriteLine("/// <param name=\"cancellationToken\">Ends the wait (the waiter and its timer are removed); create and cancel it in orchestration code.</param>");
                w.WriteLine("/// <param name=\"callerMemberName\">Filled in by the compiler.</param>");
                w.WriteLine("/// <param name=\"callerFilePath\">Filled in by the compiler.</param>");
                w.WriteLine("/// <param name=\"callerLineNumber\">Filled in by the compiler.</param>");
                w.WriteLine("/// <returns>The event data.</returns>");
                w.WriteLine("/// <exception cref=\"global::System.TimeoutException\">No event arrived within <paramref name=\"timeout\"/>.</exception>");
                w.WriteLine(access + " static " + returns + " " + wait.WaitMethodName + "(");
                w.WriteLine("    this global::WorkflowSdk.ExternalEventWaits events,");
                w.WriteLine("    global::System.TimeSpan timeout,");
                w.WriteLine("    " + CancellationToken + " cancellationToken = default,");
                w.WriteLine("    [global::System.Runtime.CompilerServices.CallerMemberName] string callerMemberName = \"\",");
                w.WriteLine("    [global::System.Runtime.CompilerServices.CallerFilePath] string callerFilePath = \"\",");
                w.WriteLine("    [global::System.Runtime.CompilerServices.CallerLineNumber] int callerLineNumber = 0) =>");
                w.WriteLine("    events.Context.WaitForExternalEvent<" + wait.DataType + ">(" + name + ", timeout, cancellationToken, callerMemberName, callerFilePath, callerLineNumber);");
            }

            w.CloseBlock();
            w.CloseBlock();
            return w.ToString();
        }

        /// <summary>The registration file: the documented partial classes and <c>AddGeneratedWorkflows</c>.</summary>
        public static string EmitRegistration(RegistrationModel model)
        {
            var w = Header();
            w.OpenBlock("namespace WorkflowSdk");
            var proxyAccess = model.AnyPublic ? "public" : "internal";

            w.WriteLine("/// <summary>");
            w.WriteLine("/// Typed calls to the activities of this assembly, used inside orchestrations:");
            w.WriteLine("/// <c>await context.Activities.BookFlightAsync(dates)</c>. Generated from the <see cref=\"global::WorkflowSdk.ActivityAttribute\"/> methods.");
            w.WriteLine("/// </summary>");
            w.WriteLine("[global::System.CodeDom.Compiler.GeneratedCode(\"WorkflowSdk.Generators\", \"" + GeneratorVersion + "\")]");
            w.OpenBlock(proxyAccess + " static partial class GeneratedActivityCalls");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine("/// <summary>");
            w.WriteLine("/// Typed calls to the orchestrations of this assembly as sub-orchestrations:");
            w.WriteLine("/// <c>await context.SubOrchestrations.ShipOrderAsync(order)</c>. Generated from the <see cref=\"global::WorkflowSdk.OrchestrationAttribute\"/> methods.");
            w.WriteLine("/// </summary>");
            w.WriteLine("[global::System.CodeDom.Compiler.GeneratedCode(\"WorkflowSdk.Generators\", \"" + GeneratorVersion + "\")]");
            w.OpenBlock(proxyAccess + " static partial class GeneratedSubOrchestrationCalls");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine("/// <summary>");
            w.WriteLine("/// Typed starts of the orchestrations of this assembly: <c>var handle = await client.StartBookTripAsync(request);</c>,");
            w.WriteLine("/// then <c>await handle.WaitForResultAsync()</c>.");
            w.WriteLine("/// </summary>");
            w.WriteLine("[global::System.CodeDom.Compiler.GeneratedCode(\"WorkflowSdk.Generators\", \"" + GeneratorVersion + "\")]");
            w.OpenBlock(proxyAccess + " static partial class GeneratedWorkflowClientExtensions");
            Separated(w, (model.DefaultVersionStarts ?? ImmutableEquatableArray<WorkflowMethodSpec>.Empty).ToList(), (writer, start) => EmitClientStart(writer, start, defaultVersion: true));
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine("/// <summary>Registers this assembly's orchestrations and activities with generated, reflection-free runners.</summary>");
            w.WriteLine("[global::System.CodeDom.Compiler.GeneratedCode(\"WorkflowSdk.Generators\", \"" + GeneratorVersion + "\")]");
            w.OpenBlock("internal static partial class GeneratedWorkflowRegistration");
            w.WriteLine("/// <summary>");
            w.WriteLine("/// Registers every <c>[Orchestration]</c> and <c>[Activity]</c> method of this assembly (" + model.Entries.Count(m => m.Kind == WorkflowKind.Orchestration)
                + " orchestrations, " + model.Entries.Count(m => m.Kind == WorkflowKind.Activity) + " activities).");
            w.WriteLine("/// </summary>");
            w.WriteLine("/// <param name=\"registry\">The registry to add to.</param>");
            w.WriteLine("/// <param name=\"services\">");
            w.WriteLine("/// Creates the declaring objects of instance methods, once per call: the object itself when the provider has one,");
            w.WriteLine("/// otherwise its constructor with arguments from the provider. <see langword=\"null\"/> when every instance method's type has a");
            w.WriteLine("/// parameterless constructor.");
            w.WriteLine("/// </param>");
            w.WriteLine("/// <param name=\"include\">Registers only the workflows it returns <see langword=\"true\"/> for; <see langword=\"null\"/> registers all.</param>");
            w.WriteLine("/// <returns>The registry.</returns>");
            w.WriteLine("public static global::WorkflowSdk.WorkflowRegistry AddGeneratedWorkflows(");
            w.WriteLine("    this global::WorkflowSdk.WorkflowRegistry registry,");
            w.WriteLine("    " + ServiceProvider + "? services = null,");
            w.WriteLine("    global::System.Func<global::WorkflowSdk.WorkflowDescriptor, bool>? include = null)");
            w.OpenBlock();
            w.OpenBlock("if (registry is null)");
            w.WriteLine("throw new global::System.ArgumentNullException(nameof(registry));");
            w.CloseBlock();
            w.WriteLine();
            foreach (var spec in model.Entries)
            {
                var kind = spec.Kind == WorkflowKind.Activity ? "Activity" : "Orchestration";
                var version = spec.Version is null ? "null" : Literal(spec.Version);
                w.OpenBlock("if (include is null || include(new global::WorkflowSdk.WorkflowDescriptor(global::WorkflowSdk.WorkflowKind." + kind + ", "
                    + Literal(spec.Name) + ", " + version + ", typeof(" + spec.DeclaringType + "), " + Literal(spec.MethodName) + ")))");
                var runner = "new " + spec.RunnerName + "(" + (spec.NeedsServices ? "services" : "") + ")";
                w.WriteLine(spec.Kind == WorkflowKind.Activity
                    ? "registry.AddActivity(" + Literal(spec.Name) + ", " + runner + ");"
                    : "registry.AddOrchestration(" + Literal(spec.Name) + ", " + runner + ", " + version + ", false);");
                w.CloseBlock();
                w.WriteLine();
            }

            w.WriteLine("return registry;");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine("/// <summary>Resolves a constructor argument of a workflow type from the service provider.</summary>");
            w.OpenBlock("private static T Resolve<T>(" + ServiceProvider + "? services, string owner)");
            w.OpenBlock("if (services?.GetService(typeof(T)) is T service)");
            w.WriteLine("return service;");
            w.CloseBlock();
            w.WriteLine();
            w.WriteLine("throw new global::System.InvalidOperationException(");
            w.WriteLine("    \"Creating '\" + owner + \"' needs a service of type '\" + typeof(T).FullName + \"'; pass an IServiceProvider that provides it to AddGeneratedWorkflows(services).\");");
            w.CloseBlock();
            w.CloseBlock();
            if (model.AnyPublic)
            {
                var name = model.AssemblyIdentifier;
                w.WriteLine();
                w.WriteLine("/// <summary>");
                w.WriteLine("/// Registers this assembly's workflows from another assembly, e.g. an application whose orchestrations call the");
                w.WriteLine("/// public activities defined here: <c>registry.AddGeneratedWorkflows().Add" + name + "Workflows(services)</c> there registers");
                w.WriteLine("/// the application's own workflows, then these.");
                w.WriteLine("/// </summary>");
                w.WriteLine("[global::System.CodeDom.Compiler.GeneratedCode(\"WorkflowSdk.Generators\", \"" + GeneratorVersion + "\")]");
                w.OpenBlock("public static class " + name + "WorkflowRegistration");
                w.WriteLine("/// <summary>Registers every orchestration and activity of this assembly (see <c>AddGeneratedWorkflows</c>).</summary>");
                w.WriteLine("/// <param name=\"registry\">The registry to add to.</param>");
                w.WriteLine("/// <param name=\"services\">Creates the declaring objects of instance methods; <see langword=\"null\"/> when none needs arguments.</param>");
                w.WriteLine("/// <param name=\"include\">Registers only the workflows it returns <see langword=\"true\"/> for; <see langword=\"null\"/> registers all.</param>");
                w.WriteLine("/// <returns>The registry.</returns>");
                w.WriteLine("public static global::WorkflowSdk.WorkflowRegistry Add" + name + "Workflows(");
                w.WriteLine("    this global::WorkflowSdk.WorkflowRegistry registry,");
                w.WriteLine("    " + ServiceProvider + "? services = null,");
                w.WriteLine("    global::System.Func<global::WorkflowSdk.WorkflowDescriptor, bool>? include = null) =>");
                w.WriteLine("    GeneratedWorkflowRegistration.AddGeneratedWorkflows(registry, services, include);");
                w.CloseBlock();
            }

            w.CloseBlock();
            return w.ToString();
        }

        /// <summary>The file of one declaring type: its proxies, client starts, handles and runners.</summary>
        public static string EmitDeclaringType(DeclaringTypeModel model)
        {
            var methods = model.Methods.ToList();
            var w = Header();
            w.OpenBlock("namespace WorkflowSdk");
            var activities = methods.Where(m => m.Kind == WorkflowKind.Activity).ToList();
            var orchestrations = methods.Where(m => m.Kind == WorkflowKind.Orchestration).ToList();
            if (activities.Count > 0)
            {
                w.OpenBlock("static partial class GeneratedActivityCalls");
                Separated(w, activities, EmitActivityProxies);
                w.CloseBlock();
                w.WriteLine();
            }

            if (orchestrations.Count > 0)
            {
                w.OpenBlock("static partial class GeneratedSubOrchestrationCalls");
                Separated(w, orchestrations, EmitSubOrchestrationProxies);
                w.CloseBlock();
                w.WriteLine();
                w.OpenBlock("static partial class GeneratedWorkflowClientExtensions");
                Separated(w, orchestrations, EmitClientStart);
                w.CloseBlock();
                w.WriteLine();
            }

            w.OpenBlock("static partial class GeneratedWorkflowRegistration");
            Separated(w, methods, EmitRunner);
            w.CloseBlock();
            w.CloseBlock();

            foreach (var group in orchestrations.Where(o => o.Events.Count > 0).GroupBy(o => o.Namespace))
            {
                w.WriteLine();
                if (group.Key.Length > 0)
                {
                    w.OpenBlock("namespace " + group.Key);
                }

                Separated(w, group.ToList(), EmitHandle);
                if (group.Key.Length > 0)
                {
                    w.CloseBlock();
                }
            }

            return w.ToString();
        }

        private static void EmitActivityProxies(SourceWriter w, WorkflowMethodSpec spec)
        {
            var inputs = Inputs(spec);
            var taken = new HashSet<string>(inputs.Select(p => p.Name.TrimStart('@')));
            var receiver = Unique("activities", taken);
            var retry = Unique("retry", taken);
            var token = Unique("cancellationToken", taken);
            var (member, file, line) = (Unique("callerMemberName", taken), Unique("callerFilePath", taken), Unique("callerLineNumber", taken));
            var result = spec.ResultType;
            var returnType = result is null ? Task : Task + "<" + result + ">";
            var access = spec.IsPublic ? "public" : "internal";
            var invoke = result is null
                ? "InvokeActivityAsync<" + InputType(inputs) + ">"
                : "InvokeActivityAsync<" + InputType(inputs) + ", " + result + ">";

            foreach (var overload in new[] { Overload.Retry, Overload.Token, Overload.RetryAndToken })
            {
                if (overload != Overload.Retry)
                {
                    w.WriteLine();
                }

                w.WriteLine("/// <summary>");
                w.WriteLine("/// Calls the activity <c>" + Xml(spec.Name) + "</c> (<see cref=\"" + spec.DeclaringType + "\"/>." + spec.MethodName + ")"
                    + (result is null ? " and waits for it to finish." : " and returns its result."));
                w.WriteLine("/// The call site is recorded in history and named in non-determinism errors.");
                w.WriteLine("/// </summary>");
                w.WriteLine("/// <param name=\"" + receiver + "\">The calling orchestration's <see cref=\"global::WorkflowSdk.OrchestrationContext.Activities\"/>.</param>");
                WriteInputDocs(w, inputs, "activity");
                if (overload != Overload.Token)
                {
                    w.WriteLine("/// <param name=\"" + retry + "\">Automatic retries, or <see langword=\"null\"/> for a single attempt.</param>");
                }

                if (overload != Overload.Retry)
                {
                    w.WriteLine("/// <param name=\"" + token + "\">Stops waiting (the task is canceled; a later result is ignored). Cancel it from orchestration code only.</param>");
                }

                WriteCallerDocs(w, member, file, line);
                w.WriteLine("/// <returns>" + (result is null ? "A task that completes when the activity has." : "The activity's result.") + "</returns>");
                w.WriteLine("/// <exception cref=\"global::WorkflowSdk.TaskFailedException\">The activity failed (on its last attempt).</exception>");
                var parameters = new List<string> { "this global::WorkflowSdk.ActivityCalls " + receiver };
                parameters.AddRange(inputs.Select(p => Parameter(p, withDefault: overload == Overload.Retry)));
                if (overload == Overload.Retry)
                {
                    parameters.Add(RetryOptions + "? " + retry + " = null");
                }
                else if (overload == Overload.RetryAndToken)
                {
                    parameters.Add(RetryOptions + "? " + retry);
                }

                if (overload != Overload.Retry)
                {
                    parameters.Add(CancellationToken + " " + token);
                }

                AddCallerParameters(parameters, member, file, line);
                WriteSignature(w, access + " static " + returnType + " " + spec.Stem + "Async", parameters);
                w.WriteLine("    " + receiver + ".Context." + invoke + "(");
                w.WriteLine("        " + Literal(spec.Name) + ",");
                w.WriteLine("        " + InputValue(inputs) + ",");
                w.WriteLine("        " + (overload == Overload.Token ? "null" : retry) + ",");
                w.WriteLine("        " + (overload == Overload.Retry ? "default" : token) + ",");
                w.WriteLine("        " + member + ",");
                w.WriteLine("        " + file + ",");
                w.WriteLine("        " + line + ");");
            }
        }

        private static void EmitSubOrchestrationProxies(SourceWriter w, WorkflowMethodSpec spec)
        {
            var inputs = Inputs(spec);
            var taken = new HashSet<string>(inputs.Select(p => p.Name.TrimStart('@')));
            var receiver = Unique("subOrchestrations", taken);
            var retry = Unique("retry", taken);
            var instanceId = Unique("instanceId", taken);
            var token = Unique("cancellationToken", taken);
            var (member, file, line) = (Unique("callerMemberName", taken), Unique("callerFilePath", taken), Unique("callerLineNumber", taken));
            var result = spec.ResultType;
            var returnType = result is null ? Task : Task + "<" + result + ">";
            var access = spec.IsPublic ? "public" : "internal";
            var invoke = result is null
                ? "InvokeSubOrchestrationAsync<" + InputType(inputs) + ">"
                : "InvokeSubOrchestrationAsync<" + InputType(inputs) + ", " + result + ">";

            foreach (var overload in new[] { Overload.Retry, Overload.Token, Overload.RetryAndToken })
            {
                if (overload != Overload.Retry)
                {
                    w.WriteLine();
                }

                w.WriteLine("/// <summary>");
                w.WriteLine("/// Runs the orchestration <c>" + Xml(spec.Name) + "</c>" + (spec.Version is null ? "" : " version <c>" + Xml(spec.Version) + "</c>")
                    + " (<see cref=\"" + spec.DeclaringType + "\"/>." + spec.MethodName + ") as a sub-orchestration"
                    + (result is null ? " and waits for it to complete." : " and returns its result."));
                w.WriteLine("/// The call site is recorded in history and named in non-determinism errors.");
                w.WriteLine("/// </summary>");
                w.WriteLine("/// <param name=\"" + receiver + "\">The calling orchestration's <see cref=\"global::WorkflowSdk.OrchestrationContext.SubOrchestrations\"/>.</param>");
                WriteInputDocs(w, inputs, "orchestration");
                if (overload != Overload.Token)
                {
                    w.WriteLine("/// <param name=\"" + retry + "\">Automatic retries (each attempt a new instance unless an instance id is given), or <see langword=\"null\"/>.</param>");
                    w.WriteLine("/// <param name=\"" + instanceId + "\">The child's instance id; <see langword=\"null\"/> derives one from this instance's id and the task id.</param>");
                }

                if (overload != Overload.Retry)
                {
                    w.WriteLine("/// <param name=\"" + token + "\">Stops waiting (the task is canceled; the child runs on). Cancel it from orchestration code only.</param>");
                }

                WriteCallerDocs(w, member, file, line);
                w.WriteLine("/// <returns>" + (result is null ? "A task that completes when the sub-orchestration has." : "The sub-orchestration's result.") + "</returns>");
                w.WriteLine("/// <exception cref=\"global::WorkflowSdk.SubOrchestrationFailedException\">The sub-orchestration failed or was terminated.</exception>");
                var parameters = new List<string> { "this global::WorkflowSdk.SubOrchestrationCalls " + receiver };
                parameters.AddRange(inputs.Select(p => Parameter(p, withDefault: overload == Overload.Retry)));
                if (overload == Overload.Retry)
                {
                    parameters.Add(RetryOptions + "? " + retry + " = null");
                    parameters.Add("string? " + instanceId + " = null");
                }
                else if (overload == Overload.RetryAndToken)
                {
                    parameters.Add(RetryOptions + "? " + retry);
                    parameters.Add("string? " + instanceId);
                }

                if (overload != Overload.Retry)
                {
                    parameters.Add(CancellationToken + " " + token);
                }

                AddCallerParameters(parameters, member, file, line);
                WriteSignature(w, access + " static " + returnType + " " + spec.Stem + "Async", parameters);
                w.WriteLine("    " + receiver + ".Context." + invoke + "(");
                w.WriteLine("        " + Literal(spec.Name) + ",");
                w.WriteLine("        " + (spec.Version is null ? "null" : Literal(spec.Version)) + ",");
                w.WriteLine("        " + InputValue(inputs) + ",");
                w.WriteLine("        " + (overload == Overload.Token ? "null" : instanceId) + ",");
                w.WriteLine("        " + (overload == Overload.Token ? "null" : retry) + ",");
                w.WriteLine("        " + (overload == Overload.Retry ? "default" : token) + ",");
                w.WriteLine("        " + member + ",");
                w.WriteLine("        " + file + ",");
                w.WriteLine("        " + line + ");");
            }
        }

        private static void EmitClientStart(SourceWriter w, WorkflowMethodSpec spec) => EmitClientStart(w, spec, defaultVersion: false);

        private static void EmitClientStart(SourceWriter w, WorkflowMethodSpec spec, bool defaultVersion)
        {
            var inputs = Inputs(spec);
            var taken = new HashSet<string>(inputs.Select(p => p.Name.TrimStart('@'))) { "started" };
            var client = Unique("client", taken);
            var instanceId = Unique("instanceId", taken);
            var options = Unique("options", taken);
            var token = Unique("cancellationToken", taken);
            var handle = HandleType(spec);
            var access = spec.IsPublic ? "public" : "internal";

            w.WriteLine("/// <summary>");
            if (defaultVersion)
            {
                w.WriteLine("/// Starts the orchestration <c>" + Xml(spec.Name) + "</c> in the version the worker runs by default (or the one");
                w.WriteLine("/// <see cref=\"global::WorkflowSdk.StartOrchestrationOptions.Version\"/> asks for) and returns a typed handle to the new instance.");
            }
            else
            {
                w.WriteLine("/// Starts the orchestration <c>" + Xml(spec.Name) + "</c>" + (spec.Version is null ? "" : " version <c>" + Xml(spec.Version) + "</c>")
                    + " (<see cref=\"" + spec.DeclaringType + "\"/>." + spec.MethodName + ") and returns a typed handle to the new instance.");
            }

            w.WriteLine("/// </summary>");
            w.WriteLine("/// <param name=\"" + client + "\">The client.</param>");
            WriteInputDocs(w, inputs, "orchestration");
            w.WriteLine("/// <param name=\"" + instanceId + "\">The instance id; <see langword=\"null\"/> uses <paramref name=\"" + options + "\"/>'s, else generates one.</param>");
            w.WriteLine("/// <param name=\"" + options + "\">Further start options (" + (defaultVersion ? "version, " : "") + "start time, id reuse); <see langword=\"null\"/> for the defaults."
                + (spec.Version is null ? "" : " The version is always <c>" + Xml(spec.Version) + "</c>.") + "</param>");
            w.WriteLine("/// <param name=\"" + token + "\">Cancels the operation.</param>");
            w.WriteLine("/// <returns>A handle whose <c>" + (spec.ResultType is null ? "WaitAsync" : "WaitForResultAsync") + "</c> waits for the outcome.</returns>");
            w.WriteLine("/// <exception cref=\"global::WorkflowSdk.OrchestrationAlreadyExistsException\">An unfinished instance has that id.</exception>");
            var parameters = new List<string> { "this global::WorkflowSdk.WorkflowClient " + client };
            parameters.AddRange(inputs.Select(p => Parameter(p, withDefault: true)));
            parameters.Add("string? " + instanceId + " = null");
            parameters.Add("global::WorkflowSdk.StartOrchestrationOptions? " + options + " = null");
            parameters.Add(CancellationToken + " " + token + " = default");
            WriteSignature(w, access + " static async " + Task + "<" + handle + "> Start" + spec.Stem + "Async", parameters, expressionBodied: false);
            w.OpenBlock();
            w.OpenBlock("if (" + client + " is null)");
            w.WriteLine("throw new global::System.ArgumentNullException(nameof(" + client + "));");
            w.CloseBlock();
            w.WriteLine();
            var optionsExpression = "(" + options + " ?? new global::WorkflowSdk.StartOrchestrationOptions()) with { InstanceId = " + instanceId + " ?? " + options + "?.InstanceId"
                + (spec.Version is null ? "" : ", Version = " + Literal(spec.Version)) + " }";
            w.WriteLine("var started = await " + client + ".StartNewAsync<" + InputType(inputs) + ">(");
            w.WriteLine("    " + Literal(spec.Name) + ",");
            w.WriteLine("    " + InputValue(inputs) + ",");
            w.WriteLine("    " + optionsExpression + ",");
            w.WriteLine("    " + token + ").ConfigureAwait(false);");
            w.WriteLine("return new " + handle + "(" + client + ", started);");
            w.CloseBlock();
        }

        private static void EmitHandle(SourceWriter w, WorkflowMethodSpec spec)
        {
            var name = spec.Stem + "Handle";
            var baseType = spec.ResultType is null ? "global::WorkflowSdk.OrchestrationHandle" : "global::WorkflowSdk.OrchestrationHandle<" + spec.ResultType + ">";
            var access = spec.IsPublic ? "public" : "internal";
            w.WriteLine("/// <summary>");
            w.WriteLine("/// A typed handle to an instance of the orchestration <c>" + Xml(spec.Name) + "</c> (<see cref=\"" + spec.DeclaringType + "\"/>." + spec.MethodName + "),");
            w.WriteLine("/// with a method per external event it declares.");
            w.WriteLine("/// </summary>");
            w.WriteLine("[global::System.CodeDom.Compiler.GeneratedCode(\"WorkflowSdk.Generators\", \"" + GeneratorVersion + "\")]");
            w.OpenBlock(access + " sealed class " + name + " : " + baseType);
            w.WriteLine("/// <summary>Creates a handle for an existing instance (e.g. in another process).</summary>");
            w.WriteLine("/// <param name=\"client\">The client to reach the instance through.</param>");
            w.WriteLine("/// <param name=\"instanceId\">The instance id.</param>");
            w.WriteLine("public " + name + "(global::WorkflowSdk.WorkflowClient client, string instanceId)");
            w.WriteLine("    : base(client, instanceId)");
            w.OpenBlock();
            w.CloseBlock();
            foreach (var e in spec.Events)
            {
                w.WriteLine();
                w.WriteLine("/// <summary>Raises the event <c>" + Xml(e.Name) + "</c> that the orchestration waits for.</summary>");
                w.WriteLine("/// <param name=\"eventData\">The event data.</param>");
                w.WriteLine("/// <param name=\"cancellationToken\">Cancels the operation.</param>");
                w.WriteLine("/// <returns>A task that completes when the event is durably queued.</returns>");
                w.WriteLine("/// <exception cref=\"global::System.InvalidOperationException\">The instance has finished, so the event would be dropped.</exception>");
                w.WriteLine("public " + Task + " " + e.MethodName + "(" + e.DataType + " eventData, " + CancellationToken + " cancellationToken = default) =>");
                w.WriteLine("    RaiseEventAsync<" + e.DataType + ">(" + Literal(e.Name) + ", eventData, cancellationToken);");
            }

            w.CloseBlock();
        }

        private static void EmitRunner(SourceWriter w, WorkflowMethodSpec spec)
        {
            var runner = spec.RunnerName;
            var activity = spec.Kind == WorkflowKind.Activity;
            var what = activity ? "activity" : "orchestration";
            var inputs = Inputs(spec);
            w.WriteLine("/// <summary>Runs the " + what + " <c>" + Xml(spec.Name) + "</c>: decodes its input, calls " + spec.DeclaringTypeDisplay + "." + spec.MethodName + ", encodes its result.</summary>");
            w.OpenBlock("private sealed class " + runner + " : global::WorkflowSdk." + (activity ? "IActivityRunner" : "IOrchestrationRunner"));
            if (!spec.IsStatic)
            {
                w.WriteLine("private readonly " + ServiceProvider + "? _services;");
                w.WriteLine();
                w.WriteLine("public " + runner + "(" + ServiceProvider + "? services) => _services = services;");
                w.WriteLine();
            }

            var isAsync = spec.ReturnKind != ReturnKind.Void && spec.ReturnKind != ReturnKind.Value;
            var contextType = activity ? "global::WorkflowSdk.ActivityContext" : "global::WorkflowSdk.OrchestrationContext";
            w.OpenBlock("public " + (isAsync ? "async " : "") + Task + "<byte[]?> RunAsync(" + contextType + " context, byte[]? input, " + PayloadCodec + " codec)");
            if (inputs.Count > 0)
            {
                w.WriteLine("var arguments = codec.Decode<" + InputType(inputs) + ">(input, " + Literal("input of " + what + " '" + spec.Name + "'") + ");");
            }

            var target = spec.DeclaringType;
            if (!spec.IsStatic)
            {
                var args = string.Join(", ", spec.ConstructorParameters.Select(t => "Resolve<" + t + ">(_services, " + Literal(spec.DeclaringTypeDisplay) + ")"));
                w.WriteLine("var instance = _services?.GetService(typeof(" + spec.DeclaringType + ")) is " + spec.DeclaringType + " existing");
                w.WriteLine("    ? existing");
                w.WriteLine("    : new " + spec.DeclaringType + "(" + args + ");");
                target = "instance";
            }

            var inputIndex = 0;
            var callArguments = spec.Parameters.Select(p => p.Role switch
            {
                ParameterRole.Input => inputs.Count == 1 ? "arguments" : "arguments.Item" + (++inputIndex),
                ParameterRole.CancellationToken => "context.CancellationToken",
                _ => "context",
            });
            var call = target + "." + spec.MethodName + "(" + string.Join(", ", callArguments) + ")";
            var awaitSuffix = activity ? ".ConfigureAwait(false)" : "";
            var encode = "codec.Encode<" + spec.ResultType + ">(result, " + Literal("result of " + what + " '" + spec.Name + "'") + ")";
            switch (spec.ReturnKind)
            {
                case ReturnKind.Void:
                    w.WriteLine(call + ";");
                    w.WriteLine("return " + Task + ".FromResult<byte[]?>(null);");
                    break;
                case ReturnKind.Value:
                    w.WriteLine("var result = " + call + ";");
                    w.WriteLine("return " + Task + ".FromResult(" + encode + ");");
                    break;
                case ReturnKind.Task:
                case ReturnKind.ValueTask:
                    w.WriteLine("await " + call + awaitSuffix + ";");
                    w.WriteLine("return null;");
                    break;
                default:
                    w.WriteLine("var result = await " + call + awaitSuffix + ";");
                    w.WriteLine("return " + encode + ";");
                    break;
            }

            w.CloseBlock();
            w.CloseBlock();
        }

        private static SourceWriter Header()
        {
            var w = new SourceWriter();
            w.WriteLine("// <auto-generated/>");
            w.WriteLine("// Generated by WorkflowSdk.Generators from the [Orchestration] and [Activity] methods of this project.");
            w.WriteLine("#nullable enable");
            w.WriteLine("#pragma warning disable CS0612, CS0618 // Generated runners and proxies call [Obsolete] workflow methods and types too.");
            w.WriteLine();
            return w;
        }

        /// <summary>A proxy parameter; the method's default value is kept where only optional parameters follow.</summary>
        private static string Parameter(ParameterSpec p, bool withDefault) =>
            p.Type + " " + p.Name + (withDefault && p.DefaultValue != null ? " = " + p.DefaultValue : "");

        private static List<ParameterSpec> Inputs(WorkflowMethodSpec spec) =>
            spec.Parameters.Where(p => p.Role == ParameterRole.Input).ToList();

        /// <summary>The declared input type: none (an absent payload), the one parameter's type, or a value tuple of several.</summary>
        private static string InputType(List<ParameterSpec> inputs) => inputs.Count switch
        {
            0 => "object?",
            1 => inputs[0].Type,
            _ => "(" + string.Join(", ", inputs.Select(p => p.Type)) + ")",
        };

        private static string InputValue(List<ParameterSpec> inputs) => inputs.Count switch
        {
            0 => "null",
            1 => inputs[0].Name,
            _ => "(" + string.Join(", ", inputs.Select(p => p.Name)) + ")",
        };

        private static string HandleType(WorkflowMethodSpec spec) =>
            spec.Events.Count > 0
                ? "global::" + Signatures.HandleType(spec)
                : spec.ResultType is null ? "global::WorkflowSdk.OrchestrationHandle" : "global::WorkflowSdk.OrchestrationHandle<" + spec.ResultType + ">";

        private static void WriteInputDocs(SourceWriter w, List<ParameterSpec> inputs, string what)
        {
            foreach (var p in inputs)
            {
                w.WriteLine("/// <param name=\"" + p.Name.TrimStart('@') + "\">The " + what + "'s <c>" + p.Name.TrimStart('@') + "</c> argument.</param>");
            }
        }

        private static void WriteCallerDocs(SourceWriter w, string member, string file, string line)
        {
            w.WriteLine("/// <param name=\"" + member + "\">Filled in by the compiler: the calling member, recorded in history.</param>");
            w.WriteLine("/// <param name=\"" + file + "\">Filled in by the compiler: the calling file, recorded in history.</param>");
            w.WriteLine("/// <param name=\"" + line + "\">Filled in by the compiler: the calling line, recorded in history.</param>");
        }

        private static void AddCallerParameters(List<string> parameters, string member, string file, string line)
        {
            parameters.Add("[global::System.Runtime.CompilerServices.CallerMemberName] string " + member + " = \"\"");
            parameters.Add("[global::System.Runtime.CompilerServices.CallerFilePath] string " + file + " = \"\"");
            parameters.Add("[global::System.Runtime.CompilerServices.CallerLineNumber] int " + line + " = 0");
        }

        private static void WriteSignature(SourceWriter w, string head, List<string> parameters, bool expressionBodied = true)
        {
            w.WriteLine(head + "(");
            for (var i = 0; i < parameters.Count; i++)
            {
                w.WriteLine("    " + parameters[i] + (i == parameters.Count - 1 ? ")" + (expressionBodied ? " =>" : "") : ","));
            }
        }

        private static void Separated(SourceWriter w, List<WorkflowMethodSpec> specs, System.Action<SourceWriter, WorkflowMethodSpec> emit)
        {
            for (var i = 0; i < specs.Count; i++)
            {
                if (i > 0)
                {
                    w.WriteLine();
                }

                emit(w, specs[i]);
            }
        }

        private static string Unique(string name, HashSet<string> taken)
        {
            var candidate = name;
            while (taken.Contains(candidate))
            {
                candidate += "_";
            }

            taken.Add(candidate);
            return candidate;
        }

        private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

        private static string Xml(string value) => value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

        private enum Overload
        {
            Retry,
            Token,
            RetryAndToken,
        }
    }
}
