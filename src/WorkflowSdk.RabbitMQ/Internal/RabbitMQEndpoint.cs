using System.Globalization;
using RabbitMQ.Client;

namespace WorkflowSdk.RabbitMQ.Internal;

/// <summary>
/// A parsed connection string: an <c>amqp://</c>/<c>amqps://</c> URI or <c>key=value;...</c> pairs. Its
/// <see cref="ToString"/> never shows the password, so it is what logs and error messages print.
/// </summary>
internal sealed record RabbitMQEndpoint(string Host, int Port, string VirtualHost, string UserName, string Password, bool Tls, string? TlsServerName)
{
    private const int AmqpPort = 5672;
    private const int AmqpsPort = 5671;

    public static RabbitMQEndpoint Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return connectionString.Contains("://", StringComparison.Ordinal) ? ParseUri(connectionString) : ParsePairs(connectionString);
    }

    private static RabbitMQEndpoint ParseUri(string text)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
        {
            throw new ArgumentException($"'{Redact(text)}' is not an amqp:// or amqps:// URI.", nameof(text));
        }

        var tls = uri.Scheme == "amqps";
        string user = "guest", password = "guest";
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? string.Empty : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }

        // As in the AMQP URI spec: an empty path is the default virtual host "/", "/x" is "x", "/%2F" is "/".
        var path = uri.AbsolutePath.Length <= 1 ? "/" : Uri.UnescapeDataString(uri.AbsolutePath[1..]);
        return new RabbitMQEndpoint(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? (tls ? AmqpsPort : AmqpPort) : uri.Port, path, user, password, tls, null);
    }

    private static RabbitMQEndpoint ParsePairs(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"The connection string part '{(part.Contains("password", StringComparison.OrdinalIgnoreCase) ? "Password=***" : part)}' is not key=value.", nameof(text));
            }

            values[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        var known = new[] { "Host", "Port", "VirtualHost", "UserName", "Password", "Tls", "TlsServerName" };
        var unknown = values.Keys.FirstOrDefault(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase));
        if (unknown is not null)
        {
            throw new ArgumentException($"Unknown connection string key '{unknown}'; known keys: {string.Join(", ", known)}.", nameof(text));
        }

        var tls = values.TryGetValue("Tls", out var tlsText) && bool.Parse(tlsText);
        var port = values.TryGetValue("Port", out var portText) ? int.Parse(portText, CultureInfo.InvariantCulture) : tls ? AmqpsPort : AmqpPort;
        return new RabbitMQEndpoint(
            values.GetValueOrDefault("Host", "127.0.0.1"),
            port,
            values.GetValueOrDefault("VirtualHost", "/"),
            values.GetValueOrDefault("UserName", "guest"),
            values.GetValueOrDefault("Password", "guest"),
            tls,
            values.GetValueOrDefault("TlsServerName"));
    }

    /// <summary>Applies the endpoint to a connection factory.</summary>
    public void ApplyTo(ConnectionFactory factory)
    {
        factory.HostName = Host;
        factory.Port = Port;
        factory.VirtualHost = VirtualHost;
        factory.UserName = UserName;
        factory.Password = Password;
        factory.Ssl = new SslOption { Enabled = Tls, ServerName = TlsServerName ?? Host };
    }

    /// <summary>The endpoint without its password, e.g. <c>amqps://app@rabbit:5671/prod</c>.</summary>
    public override string ToString() =>
        $"{(Tls ? "amqps" : "amqp")}://{Uri.EscapeDataString(UserName)}@{Host}:{Port.ToString(CultureInfo.InvariantCulture)}/{(VirtualHost == "/" ? string.Empty : Uri.EscapeDataString(VirtualHost))}";

    /// <summary>Removes a password from a URI for error messages.</summary>
    private static string Redact(string text)
    {
        var at = text.LastIndexOf('@');
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || scheme < 0 || at < scheme)
        {
            return text;
        }

        var userInfo = text[(scheme + 3)..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? text : string.Concat(text.AsSpan(0, scheme + 3), userInfo.AsSpan(0, colon), ":***", text.AsSpan(at));
    }
}
