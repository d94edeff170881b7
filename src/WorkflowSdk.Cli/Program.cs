using WorkflowSdk.Cli;

// wf: list, show, start, raise, suspend, resume, terminate and purge orchestration instances. See docs/cli.md.
return await WfCommand.RunAsync(args, Console.Out, Console.Error, Console.In);
