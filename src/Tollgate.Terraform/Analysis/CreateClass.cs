using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// Creates of one type with the same attributes (names, unknown and null alike) and the same values wherever a value
/// is shared by two creates or more; a value no other create has (a rare value) may differ. A delete that equals none
/// of a member's rare values scores the same with every such member: its score is computed once for the class
/// (<see cref="Compare"/>), and the members are walked lazily, by name-score tier and address (<see cref="Tier"/>).
/// </summary>
internal sealed class CreateClass
{
    private readonly HashSet<string> _frequent;
    private readonly Dictionary<string, TierList> _tiers = new(StringComparer.Ordinal);

    public CreateClass(List<ResourceChange> members, HashSet<string> frequentAttributes)
    {
        members.Sort((a, b) => string.CompareOrdinal(a.Address, b.Address));
        _frequent = frequentAttributes;
        foreach (var member in members)
        {
            foreach (var key in Keys(member))
            {
                if (!_tiers.TryGetValue(key, out var list))
                {
                    _tiers[key] = list = new TierList([]);
                }

                list.Items.Add(member);
            }
        }
    }

    /// <summary>
    /// The members that may have name score <paramref name="tier"/> with <paramref name="from"/>: those that share what
    /// the tier needs (name, resource, module). Any other member of the list has a higher name score, so by the time a
    /// delete walks this tier it is taken or scored on its own.
    /// </summary>
    public TierList? Tier(ResourceChange from, double tier)
    {
        var key = tier switch
        {
            2.5 => "R\0" + from.Parsed.Resource + "\0" + from.ModuleAddress,
            2 => "R\0" + from.Parsed.Resource,
            1.5 => "N\0" + from.Name + "\0" + from.ModuleAddress,
            1 => "N\0" + from.Name,
            0.5 => "M\0" + from.ModuleAddress,
            _ => "*",
        };
        return _tiers.GetValueOrDefault(key);
    }

    /// <summary><see cref="RenameDetector.Compare"/> of a member that shares no rare value with <paramref name="from"/>.</summary>
    public (int Matching, int Compared) Compare(ResourceChange from) => RenameDetector.Compare(from, _tiers["*"].Items[0], null, _frequent);

    private static string[] Keys(ResourceChange to) =>
    [
        "R\0" + to.Parsed.Resource + "\0" + to.ModuleAddress,
        "R\0" + to.Parsed.Resource,
        "N\0" + to.Name + "\0" + to.ModuleAddress,
        "N\0" + to.Name,
        "M\0" + to.ModuleAddress,
        "*",
    ];
}
