using System.Text.RegularExpressions;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Delivery.Retention;

/// <summary>
/// A repository name as the OCI distribution spec takes it: path components of lowercase letters and digits joined by
/// <c>.</c>, <c>_</c>, <c>__</c> or dashes, separated by <c>/</c>
/// (<see href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests"/>). Anything
/// else is refused before the registry is asked, so an empty <c>--repository "$REPO"</c> (an unset variable) or
/// <c>Shop/Web</c> is one line, not a registry round trip ending in an error about another thing.
/// </summary>
public static partial class RepositoryName
{
    /// <summary>The name <paramref name="written"/> names, leading and trailing slashes dropped; throws when it is no repository name.</summary>
    public static string Parse(string written, string option = "--repository")
    {
        var name = written.Trim('/');
        if (name.Trim().Length == 0)
        {
            throw EmptyValue.Error(option, "give the repository's name, e.g. shop/checkout");
        }

        return Valid().IsMatch(name)
            ? name
            : throw new InvalidInputException($"{option} '{written}' is not a repository name: lowercase letters and digits, with '.', '_', '__' or '-' inside a path component and '/' between them (e.g. shop/checkout)");
    }

    [GeneratedRegex(@"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex Valid();
}
