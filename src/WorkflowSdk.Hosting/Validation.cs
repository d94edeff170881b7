using Microsoft.Extensions.Options;
using WorkflowSdk.MongoDB;

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
        if (options.SqlitePath is null && options.MongoDB is null && options.RabbitMQ is null)
        {
            errors.Add(
                $"No WorkflowSdk backend is configured. Set '{section}:Sqlite:Path' (embedded: one SQLite file), or " +
                $"'{section}:MongoDB:ConnectionString' with a transport (RabbitMQ), or call UseSqlite, UseMongoDB or UseBackend in AddWorkflowSdk.");
        }

        if (options.SqlitePath is { } path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                errors.Add($"{section}:Sqlite:Path is empty.");
            }
            else if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory && !Directory.Exists(directory))
            {
                errors.Add($"{section}:Sqlite:Path is '{path}', but the directory '{directory}' does not exist.");
            }

            errors.AddRange(options.Sqlite.GetValidationErrors().Select(e => $"{section}:Sqlite:{e}"));
        }

        if (options.MongoDB is { } mongo)
        {
            if (string.IsNullOrWhiteSpace(mongo.ConnectionString))
            {
                errors.Add($"{section}:MongoDB:ConnectionString is missing.");
            }
            else if (!mongo.ConnectionString.StartsWith("mongodb://", StringComparison.OrdinalIgnoreCase)
                     && !mongo.ConnectionString.StartsWith("mongodb+srv://", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{section}:MongoDB:ConnectionString must start with mongodb:// or mongodb+srv:// (it is '{MongoDBConnectionString.Redact(mongo.ConnectionString)}').");
            }

            if (options.TransportFactory is null && options.RabbitMQ is null && options.SqlitePath is null)
            {
                errors.Add(
                    $"{section}:MongoDB is a store only and no transport is configured: add RabbitMQ (UseRabbitMQ or '{section}:RabbitMQ:ConnectionString'), " +
                    $"or '{section}:Sqlite:Path' to use a SQLite file's queues.");
            }
        }

        if (options.RabbitMQ is { } rabbit)
        {
            if (!Uri.TryCreate(rabbit.ConnectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
            {
                errors.Add($"{section}:RabbitMQ:ConnectionString must be an amqp:// or amqps:// URI (it is '{MongoDBConnectionString.Redact(rabbit.ConnectionString)}').");
            }

            if (options.SqlitePath is null && options.MongoDB is null)
            {
                errors.Add($"{section}:RabbitMQ is a transport only and no store is configured: add '{section}:Sqlite:Path' or '{section}:MongoDB:ConnectionString'.");
            }
        }

        if (options.ReleaseTimeout < TimeSpan.Zero)
        {
            errors.Add($"{section}:ReleaseTimeout must not be negative (it is {options.ReleaseTimeout}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
