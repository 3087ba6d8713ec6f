using Tollgate.Yaml;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// The addresses a change names that the graph does not hold: a typo, a resource removed from the configuration,
/// another configuration's address, a module with no resources. They have no blast radius and count for nothing
/// against <c>maxChanged</c>; each is named as it was given, with the graph's address a typo away when there is one
/// (<c>terraform_data.aa (did you mean terraform_data.a?)</c>).
/// </summary>
public sealed class UnheldAddresses
{
    /// <summary>How many are named with their near miss; the rest are counted.</summary>
    public const int Shown = 10;

    private readonly GraphAnalysis _analysis;

    private UnheldAddresses(GraphAnalysis analysis, IReadOnlyList<string> addresses)
    {
        _analysis = analysis;
        Addresses = addresses;
    }

    /// <summary>In the change set's order.</summary>
    public IReadOnlyList<string> Addresses { get; }

    public int Count => Addresses.Count;

    /// <summary>True when the graph holds none of the change's addresses (and the change names any).</summary>
    public bool All => Count > 0 && Count == _analysis.Changes.Changed.Count;

    public static UnheldAddresses Of(GraphAnalysis analysis) =>
        new(analysis, analysis.Changes.Changed.Where(a => !analysis.Holds(a)).ToList());

    /// <summary>
    /// The first <see cref="Shown"/>, each with its near miss or what it is: <c>terraform_data.aa (did you mean
    /// terraform_data.a?), module.empty (a module with no resources), … (12 in all)</c>.
    /// </summary>
    public string Listed()
    {
        var near = Near();
        return string.Join(", ", Addresses.Take(Shown).Select(a => a + Why(a, near) switch { "" => "", var why => $" ({why})" }))
            + (Count > Shown ? $", … ({Count} in all)" : "");
    }

    /// <summary>
    /// The one-line refusal of a list none of whose addresses is in the graph:
    /// <c>--changed typo: not in the graph: terraform_data.aa; did you mean terraform_data.a?</c>.
    /// </summary>
    public string Refusal(string changedFile)
    {
        if (Count > 1)
        {
            return $"--changed {changedFile}: none of its {Count} addresses is in the graph: {Listed()}";
        }

        var why = Why(Addresses[0], Near());
        return $"--changed {changedFile}: not in the graph: {Addresses[0]}" + (why.Length == 0 ? "" : $"; {why}");
    }

    private string Why(string address, IReadOnlyDictionary<string, string> near)
    {
        var graph = _analysis.Graph;
        return near.TryGetValue(address, out var meant) ? $"did you mean {meant}?"
            : graph.IndexOf(address) is var node and >= 0 && graph.Kinds[node] == NodeKind.Module ? "a module with no resources"
            : "";
    }

    /// <summary>
    /// For each shown address, the address the graph holds at most <see cref="KeySuggestion.MaxDistance"/> edits away
    /// (a resource, a data source or a module with resources), the nearest and then the first in order. Candidates are
    /// sifted by the characters they differ in, a lower bound of the edit distance, so a large graph costs one pass.
    /// </summary>
    private Dictionary<string, string> Near()
    {
        var shown = Addresses.Take(Shown).ToList();
        var best = new Dictionary<string, (string Address, int Distance)>(StringComparer.Ordinal);
        var graph = _analysis.Graph;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var node = 0; node < graph.NodeCount; node++)
        {
            if (graph.Kinds[node] == NodeKind.Module)
            {
                continue;
            }

            var name = graph.Names[node];
            foreach (var candidate in ChangeSet.ModulesOf(name).Append(name))
            {
                if (!seen.Add(candidate))
                {
                    continue;
                }

                foreach (var address in shown)
                {
                    if (Math.Abs(address.Length - candidate.Length) > KeySuggestion.MaxDistance
                        || CharactersApart(address, candidate) > KeySuggestion.MaxDistance)
                    {
                        continue;
                    }

                    var distance = KeySuggestion.Distance(address, candidate);
                    if (distance <= KeySuggestion.MaxDistance && (!best.TryGetValue(address, out var found) || distance < found.Distance))
                    {
                        best[address] = (candidate, distance);
                    }
                }
            }
        }

        return best.ToDictionary(p => p.Key, p => p.Value.Address, StringComparer.Ordinal);
    }

    /// <summary>How many characters one has that the other lacks, the larger side: never more than their edit distance.</summary>
    private static int CharactersApart(string a, string b)
    {
        Span<int> counts = stackalloc int[128];
        var other = 0;
        foreach (var c in a)
        {
            if (c < 128)
            {
                counts[c]++;
            }
            else
            {
                other++;
            }
        }

        foreach (var c in b)
        {
            if (c < 128)
            {
                counts[c]--;
            }
            else
            {
                other--;
            }
        }

        int more = 0, fewer = 0;
        foreach (var count in counts)
        {
            more += Math.Max(count, 0);
            fewer += Math.Max(-count, 0);
        }

        return Math.Max(more + Math.Max(other, 0), fewer + Math.Max(-other, 0));
    }
}
