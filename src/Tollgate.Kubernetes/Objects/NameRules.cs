using System.Text.RegularExpressions;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// The names the API server takes (k8s.io/apimachinery pkg/util/validation): an object's <c>metadata.name</c> is a
/// lowercase RFC 1123 subdomain for most kinds, a DNS-1035 label for a Service, an RFC 1123 label for a Namespace, and
/// any path segment for RBAC's kinds (<c>system:controller:foo</c>); a namespace is an RFC 1123 label. Each problem is
/// worded as kubectl prints it. Null when the name is taken.
/// </summary>
public static partial class NameRules
{
    private const string LabelSays = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private const string SubdomainSays = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string Dns1035Says = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    /// <summary>What the API server says of <paramref name="name"/> as a namespace, or null when it takes it.</summary>
    public static string? Namespace(string name) =>
        name.Length > 63 ? "must be no more than 63 characters" : Label().IsMatch(name) ? null : LabelSays;

    /// <summary>What the API server says of <paramref name="name"/> as the <c>metadata.name</c> of a <paramref name="kind"/> of <paramref name="group"/>, or null when it takes it.</summary>
    public static string? Name(string group, string kind, string name) => (group, kind) switch
    {
        ("rbac.authorization.k8s.io", _) => name is "." or ".." ? $"may not be '{name}'"
            : name.Contains('/') ? "may not contain '/'"
            : name.Contains('%') ? "may not contain '%'"
            : null,
        ("", "Service") => name.Length > 63 ? "must be no more than 63 characters" : Dns1035().IsMatch(name) ? null : Dns1035Says,
        ("", "Namespace") => Namespace(name),
        _ => name.Length > 253 ? "must be no more than 253 characters" : Subdomain().IsMatch(name) ? null : SubdomainSays,
    };

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\z")]
    private static partial Regex Label();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?\\z")]
    private static partial Regex Dns1035();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z")]
    private static partial Regex Subdomain();
}
