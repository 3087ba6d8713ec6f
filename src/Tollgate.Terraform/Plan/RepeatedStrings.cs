using System.Text.Json;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// The strings of a plan's changes that repeat from one change to the next (mode, type, provider, action reason,
/// actions) and the actions lists: one instance each for the whole plan instead of one per change, compared in place before any is made.
/// Used by one thread at a time.
/// </summary>
internal sealed class RepeatedStrings
{
    private const int Size = 32;
    private readonly string?[] _recent = new string?[Size];
    private readonly List<ChangeActions> _actions = [];
    private int _next;

    /// <summary>
    /// The <c>actions</c> list as a <see cref="ChangeActions"/>, the one kept if an equal list was seen before (a plan
    /// has a handful of distinct lists; an unknown action string is kept verbatim, a non-string as its JSON text).
    /// </summary>
    public ChangeActions Actions(JsonElement actions)
    {
        if (actions.ValueKind != JsonValueKind.Array)
        {
            return Keep([]);
        }

        var values = new List<string>(actions.GetArrayLength());
        foreach (var action in actions.EnumerateArray())
        {
            values.Add(action.ValueKind == JsonValueKind.String ? Of(action) : action.GetRawText());
        }

        return Keep(values);
    }

    private ChangeActions Keep(List<string> values)
    {
        foreach (var known in _actions)
        {
            if (known.Values.SequenceEqual(values, StringComparer.Ordinal))
            {
                return known;
            }
        }

        var kept = new ChangeActions(values);
        if (_actions.Count < Size)
        {
            _actions.Add(kept);
        }

        return kept;
    }

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
