using System.Text;
using System.Text.Json;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// The creates of one type, ready for a delete to find the ones it can pair with without scoring every create: the
/// classes (<see cref="CreateClass"/>), the create that holds each rare (attribute, value), and the classes by a
/// prefix of their shared values, rarest first. Values are compared in <see cref="CanonicalValue"/> form.
/// </summary>
internal sealed class CreateIndex
{
    private readonly Dictionary<(string, string), ResourceChange> _rare = [];
    private readonly Dictionary<(string, string), List<int>> _byValue = [];

    public CreateIndex(IReadOnlyList<ResourceChange> creates)
    {
        var known = new List<(string, string)>[creates.Count];
        var frequency = new Dictionary<(string, string), int>();
        for (var i = 0; i < creates.Count; i++)
        {
            known[i] = [.. RenameDetector.KnownValues(creates[i].After, creates[i].AfterUnknown)];
            foreach (var key in known[i])
            {
                frequency[key] = frequency.GetValueOrDefault(key) + 1;
            }
        }

        var byPrint = new Dictionary<string, int>(StringComparer.Ordinal);
        var members = new List<List<ResourceChange>>();
        var shared = new List<List<(string, string)>>();
        var text = new StringBuilder();
        for (var i = 0; i < creates.Count; i++)
        {
            var to = creates[i];
            var own = known[i].Where(k => frequency[k] > 1).ToList();
            foreach (var key in known[i].Where(k => frequency[k] == 1))
            {
                _rare[key] = to;
            }

            var print = Print(to, own, text);
            if (!byPrint.TryGetValue(print, out var c))
            {
                byPrint[print] = c = members.Count;
                members.Add([]);
                shared.Add(own);
            }

            members[c].Add(to);
        }

        Classes = [.. members.Select((m, c) => new CreateClass(m, [.. shared[c].Select(k => k.Item1)]))];
        for (var c = 0; c < Classes.Count; c++)
        {
            IndexClass(c, shared[c], members[c][0], frequency);
        }
    }

    public List<CreateClass> Classes { get; }

    /// <summary>The create whose rare value <paramref name="key"/> is, if any.</summary>
    public ResourceChange? Rare((string, string) key) => _rare.GetValueOrDefault(key);

    /// <summary>The classes indexed under <paramref name="key"/>.</summary>
    public List<int>? ByValue((string, string) key) => _byValue.GetValueOrDefault(key);

    /// <summary>The fewest equal inputs, of <paramref name="known"/> (at least one), that can score the threshold, in the score's own arithmetic.</summary>
    public static int Need(int known)
    {
        var need = 1;
        while ((double)need / known < RenameDetector.Threshold)
        {
            need++;
        }

        return need;
    }

    /// <summary>
    /// A class's members other than a delete's rare matches score the threshold only when at least <c>need</c> of the
    /// class's K known inputs equal the delete's (compared is at least K), all of them among its F shared values; so
    /// at most F − need of those differ, and any F − need + 1 of them hold an equal one. Taking the rarest first keeps
    /// a value every create shares (a common <c>tags</c> map) out of the index where others suffice.
    /// </summary>
    private void IndexClass(int c, List<(string, string)> own, ResourceChange member, Dictionary<(string, string), int> frequency)
    {
        var count = member.After.ValueKind == JsonValueKind.Object
            ? RenameDetector.KnownValues(member.After, member.AfterUnknown).Count()
            : 0;
        if (count == 0 || own.Count < Need(count))
        {
            return; // nothing known to compare, or too few shared values to reach the threshold without a rare one
        }

        own.Sort((a, b) =>
        {
            var order = frequency[a].CompareTo(frequency[b]);
            order = order != 0 ? order : string.CompareOrdinal(a.Item1, b.Item1);
            return order != 0 ? order : string.CompareOrdinal(a.Item2, b.Item2);
        });
        for (var i = 0; i < own.Count - Need(count) + 1; i++)
        {
            if (!_byValue.TryGetValue(own[i], out var list))
            {
                _byValue[own[i]] = list = [];
            }

            list.Add(c);
        }
    }

    /// <summary>Attribute names with unknown, null or value, and each shared value; a rare value only as being there.</summary>
    private static string Print(ResourceChange to, List<(string, string)> shared, StringBuilder text)
    {
        text.Clear();
        if (to.After.ValueKind != JsonValueKind.Object)
        {
            return "#";
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in shared)
        {
            values[name] = value;
        }

        foreach (var attribute in to.After.EnumerateObject())
        {
            text.Append(attribute.Name.Length).Append(':').Append(attribute.Name);
            if (JsonValues.IsUnknown(to.AfterUnknown, attribute.Name))
            {
                text.Append('?');
            }
            else if (JsonValues.IsNullOrUndefined(attribute.Value))
            {
                text.Append('0');
            }
            else if (values.TryGetValue(attribute.Name, out var value))
            {
                text.Append('=').Append(value.Length).Append(':').Append(value);
            }
            else
            {
                text.Append('~');
            }
        }

        return text.ToString();
    }
}
