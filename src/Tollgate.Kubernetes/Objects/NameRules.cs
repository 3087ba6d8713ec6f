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
    public static string? Namespace(string name) => Check(NameRule.Label, name);

    /// <summary>What the API server says of <paramref name="name"/> as the <c>metadata.name</c> of a <paramref name="kind"/> of <paramref name="group"/>, or null when it takes it.</summary>
    public static string? Name(string group, string kind, string name) => Check(For(group, kind), name);

    /// <summary>The rule a <c>metadata.name</c> of a <paramref name="kind"/> of <paramref name="group"/> is checked by.</summary>
    public static NameRule For(string group, string kind) => (group, kind) switch
    {
        ("rbac.authorization.k8s.io", _) => NameRule.PathSegment,
        ("", "Service") => NameRule.Dns1035,
        ("", "Namespace") => NameRule.Label,
        _ => NameRule.Subdomain,
    };

    /// <summary>What the API server says of <paramref name="name"/> under <paramref name="rule"/>, or null when it takes it.</summary>
    public static string? Check(NameRule rule, string name) => rule switch
    {
        NameRule.PathSegment => name is "." or ".." ? $"may not be '{name}'"
            : name.Contains('/') ? "may not contain '/'"
            : name.Contains('%') ? "may not contain '%'"
            : null,
        NameRule.Dns1035 => name.Length > 63 ? "must be no more than 63 characters" : Dns1035().IsMatch(name) ? null : Dns1035Says,
        NameRule.Label => name.Length > 63 ? "must be no more than 63 characters" : Label().IsMatch(name) ? null : LabelSays,
        _ => name.Length > 253 ? "must be no more than 253 characters" : Subdomain().IsMatch(name) ? null : SubdomainSays,
    };

    /// <summary>
    /// What the API server says of <paramref name="prefix"/> as a <c>metadata.generateName</c> under
    /// <paramref name="rule"/>, or null when it takes it. It checks the prefix with a trailing '-' masked as
    /// apimachinery's <c>maskTrailingDash</c> does (the last two characters become one 'a'), then the name it
    /// generates: the prefix cut to 58 characters and 5 random lower-case letters and digits, checked as a name. A
    /// path segment prefix is checked only for '/' and '%'.
    /// </summary>
    public static string? CheckPrefix(NameRule rule, string prefix) =>
        rule == NameRule.PathSegment
            ? prefix.Contains('/') ? "may not contain '/'" : prefix.Contains('%') ? "may not contain '%'" : null
            : Check(rule, prefix.Length > 1 && prefix[^1] == '-' ? prefix[..^2] + "a" : prefix)
              ?? Check(rule, (prefix.Length > GeneratedPrefixLength ? prefix[..GeneratedPrefixLength] : prefix) + "x7k2p");

    /// <summary>The most of a generateName the API server keeps before its 5 random characters (63 - 5).</summary>
    private const int GeneratedPrefixLength = 58;

    /// <summary>What a name must be under <paramref name="rule"/>, in a suggestion's words.</summary>
    public static string Describe(NameRule rule) => rule switch
    {
        NameRule.PathSegment => "a name without '/' or '%' (and not '.' or '..')",
        NameRule.Dns1035 => "at most 63 lower-case letters, digits and '-', starting with a letter and ending with a letter or digit",
        NameRule.Label => "at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit",
        _ => "at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (each part between dots too)",
    };

    /// <summary>
    /// <paramref name="name"/> rewritten to a name <paramref name="rule"/> takes (lower-cased, each run of other
    /// characters one '-', none at the ends), or null when no such plain rewrite is taken (a Service name starting
    /// with a digit, a name too long): a suggestion never offers a name the API server would refuse too.
    /// </summary>
    public static string? Fix(NameRule rule, string name)
    {
        var keep = rule == NameRule.Subdomain ? ".-" : "-";
        var fixedName = rule == NameRule.PathSegment
            ? name.Replace('/', '-').Replace('%', '-')
            : Parts(name.ToLowerInvariant(), keep);
        return fixedName.Length > 0 && fixedName != name && Check(rule, fixedName) is null ? fixedName : null;
    }

    private static string Parts(string name, string keep)
    {
        var text = new System.Text.StringBuilder(name.Length);
        foreach (var c in name)
        {
            var ok = c is >= 'a' and <= 'z' or >= '0' and <= '9' || (c == '.' && keep.Contains('.'));
            var next = ok ? c : '-';
            if (!(next == '-' && text.Length > 0 && text[^1] is '-' or '.') && !(next == '.' && text.Length > 0 && text[^1] is '-' or '.'))
            {
                text.Append(next);
            }
        }

        return text.ToString().Trim('-', '.');
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\z")]
    private static partial Regex Label();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?\\z")]
    private static partial Regex Dns1035();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z")]
    private static partial Regex Subdomain();
}
