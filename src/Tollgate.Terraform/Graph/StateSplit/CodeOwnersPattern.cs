using System.Text;
using System.Text.RegularExpressions;

namespace Tollgate.Terraform.Graph.StateSplit;

/// <summary>
/// CODEOWNERS path patterns (gitignore-style, https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners):
/// a leading <c>/</c> anchors at the root, a trailing <c>/</c> means everything under a directory, <c>*</c> stays
/// within one path segment, <c>**</c> crosses segments, and an unanchored pattern matches at any depth.
/// </summary>
public static class CodeOwnersPattern
{
    public static bool Matches(string pattern, string path)
    {
        var anchored = pattern.StartsWith('/') || pattern.TrimEnd('/').Contains('/');
        var body = pattern.TrimStart('/');
        var directory = body.EndsWith('/');
        body = body.TrimEnd('/');
        var regex = new StringBuilder(anchored ? "^" : "(^|/)");
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '*' && i + 1 < body.Length && body[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
            }
            else if (body[i] == '*')
            {
                regex.Append("[^/]*");
            }
            else if (body[i] == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(body[i].ToString()));
            }
        }

        regex.Append(directory ? "/" : "(/|$)");
        return Regex.IsMatch(path, regex.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
