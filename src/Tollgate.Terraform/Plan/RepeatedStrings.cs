using System.Text.Json;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// The strings of a plan's changes that repeat from one change to the next (mode, type, provider, action reason,
/// actions): one instance each for the whole plan instead of one per change, compared in place before any is made.
/// Used by one thread at a time.
/// </summary>
internal sealed class RepeatedStrings
{
    private const int Size = 32;
    private readonly string?[] _recent = new string?[Size];
    private int _next;

    /// <summary>The string value of <paramref name="element"/>, the one kept if an equal one was seen recently.</summary>
    public string Of(JsonElement element)
    {
        foreach (var known in _recent)
        {
            if (known is null)
            {
                break;
            }

            if (element.ValueEquals(known))
            {
                return known;
            }
        }

        var text = element.GetString()!;
        _recent[_next] = text;
        _next = (_next + 1) % Size;
        return text;
    }
}
