using Microsoft.Extensions.Options;

namespace WorkflowSdk.Hosting;

/// <summary>Checks the worker's settings at start, naming each bad one by its configuration path.</summary>
internal sealed class WorkerOptionsValidator(string sectionPath) : IValidateOptions<WorkflowWorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkflowWorkerOptions options)
    {
        var errors = options.GetValidationErrors();
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => $"{sectionPath}:{e}"));
    }
}

/// <summary>Checks that a complete, valid backend is configured.</summary>
internal sealed class HostOptionsValidator : IValidateOptions<WorkflowSdkHostOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkflowSdkHostOptions options)
    {
        if (options.BackendFactory is not null)
        {
            return ValidateOptionsResult.Success;
        }

        var section = options.SectionPath;
        var errors = new List<string>();
        var configured = options.Backends.Where(b => b.IsConfigured).ToList();
        if (configured.Count == 0)
        {
            errors.Add(NoBackend(section, options.Backends));
        }

        var hasStore = configured.Any(b => b.Roles.HasFlag(HostedBackendRoles.Store));
        var hasTransport = options.TransportFactory is not null || configured.Any(b => b.Roles.HasFlag(HostedBackendRoles.Transport));
        foreach (var backend in configured)
        {
            var path = $"{section}:{backend.SectionName}";
            errors.AddRange(backend.GetValidationErrors(path));
            if (backend.Roles == HostedBackendRoles.Store && !hasTransport)
            {
                var ways = options.Backends
                    .Where(b => b.Roles.HasFlag(HostedBackendRoles.Transport))
                    .OrderBy(b => b.Roles == HostedBackendRoles.Transport ? 0 : 1)
                    .Select(b => b.DescribeSetup($"{section}:{b.SectionName}", HostedBackendRoles.Transport))
                    .DefaultIfEmpty("a transport (UseTransport, or a backend package that provides one)");
                errors.Add($"{path} is a store only and no transport is configured: add {string.Join(", or ", ways)}.");
            }

            if (backend.Roles == HostedBackendRoles.Transport && !hasStore)
            {
                var ways = options.Backends
                    .Where(b => b.Roles.HasFlag(HostedBackendRoles.Store))
                    .Select(b => b.DescribeSetup($"{section}:{b.SectionName}", HostedBackendRoles.Store))
                    .DefaultIfEmpty("a backend package that provides a store");
                errors.Add($"{path} is a transport only and no store is configured: add {string.Join(" or ", ways)}.");
            }
        }

        if (options.ReleaseTimeout < TimeSpan.Zero)
        {
            errors.Add($"{section}:ReleaseTimeout must not be negative (it is {options.ReleaseTimeout}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string NoBackend(string section, IReadOnlyList<HostedBackendProvider> backends)
    {
        var stores = backends.Where(b => b.Roles.HasFlag(HostedBackendRoles.Store)).ToList();
        if (stores.Count == 0)
        {
            return "No WorkflowSdk backend is configured, and no backend package was added: call a backend package's Use… method " +
                   "(or its Add…Configuration method, to configure it from the configuration section), or UseBackend, in AddWorkflowSdk.";
        }

        var settings = string.Join(", or ", stores.Select(b => b.DescribeSetup($"{section}:{b.SectionName}", b.Roles)));
        var methods = stores.Select(b => b.UseMethodName).Append("UseBackend").ToList();
        return $"No WorkflowSdk backend is configured. Set {settings}, or call {string.Join(", ", methods[..^1])} or {methods[^1]} in AddWorkflowSdk.";
    }
}
