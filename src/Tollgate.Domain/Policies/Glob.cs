namespace Tollgate.Domain.Policies;

/// <summary>
/// Address and rule-id patterns of a policy file: <c>*</c> matches any run of characters (dots and brackets
/// included, so <c>module.db.*</c> covers everything in that module), <c>?</c> one character; the rest is literal,
/// so <c>aws_subnet.a["eu-1a"]</c> needs no escaping. Case-sensitive, like Terraform addresses.
/// </summary>
public static class Glob
{
    public static bool Matches(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    public static bool IsPattern(string text) => text.Contains('*', StringComparison.Ordinal) || text.Contains('?', StringComparison.Ordinal);
}
