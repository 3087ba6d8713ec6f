using YamlDotNet.Core;

namespace Tollgate.Yaml;

/// <summary>
/// The tag a YAML scalar is resolved under, as the YAML spec says (1.2 §6.9.1, 1.1 likewise): an explicit tag wins
/// whatever the scalar's style, in its short form (<c>!!str</c>, <c>!!bool</c>, <c>!!int</c> for
/// <c>tag:yaml.org,2002:…</c>; a local <c>!custom</c> as written), so <c>!!int "2"</c> is the number 2 and
/// <c>!!str true</c> the string <c>true</c>; an untagged quoted or block scalar, or one under the non-specific
/// <c>!</c>, is a string (<see cref="Str"/>); an untagged plain scalar is resolved from its text (the empty tag).
/// The Kubernetes manifest reader and the policy reader both take a scalar's tag from here.
/// </summary>
public static class YamlTags
{
    public const string Str = "!!str";

    private const string Core = "tag:yaml.org,2002:";

    public static string Of(TagName tag, ScalarStyle style)
    {
        var written = tag.IsEmpty || tag.IsNonSpecific ? "" : tag.Value;
        if (written.Length == 0)
        {
            return style == ScalarStyle.Plain && !tag.IsNonSpecific ? "" : Str;
        }

        return written.StartsWith(Core, StringComparison.Ordinal) ? "!!" + written[Core.Length..] : written;
    }
}
