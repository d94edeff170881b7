using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace WorkflowSdk.MongoDB;

/// <summary>Helpers for <c>mongodb://</c> URIs.</summary>
public static partial class MongoDBConnectionString
{
    private const string Mask = "****";

    // Query options whose values are secrets (the driver's list of sensitive URI options, plus proxies).
    private static readonly FrozenSet<string> SecretOptions = new[]
    {
        "password", "authMechanismProperties", "tlsCertificateKeyFilePassword", "sslClientCertificateKeyPassword", "proxyPassword",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The URI with every secret masked: the password in the user-info part and the values of options that carry
    /// secrets (<c>authMechanismProperties</c>, <c>tlsCertificateKeyFilePassword</c>, <c>proxyPassword</c>). Works on
    /// malformed URIs too (it does not parse them), so it is safe to use in any log or error message.
    /// </summary>
    /// <param name="connectionString">The URI.</param>
    /// <returns>The URI with secrets replaced by <c>****</c>.</returns>
    public static string Redact(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return string.Empty;
        }

        var text = UserInfo().Replace(connectionString, m =>
        {
            var user = m.Groups["user"].Value;
            return m.Groups["scheme"].Value + (m.Groups["password"].Success ? $"{user}:{Mask}@" : $"{user}@");
        });
        return Option().Replace(text, m =>
            SecretOptions.Contains(m.Groups["name"].Value)
                ? $"{m.Groups["separator"].Value}{m.Groups["name"].Value}={Mask}"
                : m.Value);
    }

    // scheme://user[:password]@ — the password runs to the last '@' of the string, so an unescaped '@', '/' or '?' in a
    // password cannot leak the rest of it (an '@' in a query option makes more than the password masked, never less).
    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?<user>[^:@/?#]*)(:(?<password>.*))?@(?=[^@]*$)", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"(?<separator>[?&;])(?<name>[^=&;#]+)=(?<value>[^&;#]*)", RegexOptions.CultureInvariant)]
    private static partial Regex Option();
}
