namespace WorkflowSdk.RabbitMQ;

/// <summary>Helpers for <c>amqp://</c> URIs.</summary>
public static class RabbitMQConnectionString
{
    private const string Mask = "****";

    /// <summary>
    /// The URI with the password of its user-info part masked (<c>amqp://user:****@host/</c>). Works on malformed text
    /// too (it does not parse it), so it is safe to use in any log or error message.
    /// </summary>
    /// <param name="connectionString">The URI.</param>
    /// <returns>The URI with the password replaced by <c>****</c>.</returns>
    public static string Redact(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return string.Empty;
        }

        // scheme://user[:password]@ — the password runs to the last '@', so an unescaped '@' in it cannot leak the rest.
        var scheme = connectionString.IndexOf("://", StringComparison.Ordinal);
        var at = connectionString.LastIndexOf('@');
        if (scheme < 0 || at < scheme)
        {
            return connectionString;
        }

        var colon = connectionString.IndexOf(':', scheme + 3);
        return colon < 0 || colon > at ? connectionString : string.Concat(connectionString.AsSpan(0, colon + 1), Mask, connectionString.AsSpan(at));
    }
}
