using Tollgate.Domain.Policies;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Policies.Loading;

/// <summary>
/// Refuses an <c>approvers</c> entry that no one can satisfy: it needs more approvals (its own
/// <c>requireApprovals</c>, or the file's) than it names distinct people in <c>allowed</c> (names compared as the gate
/// counts them, ignoring case). Each person counts once, so such a rule would ask for "1 more approval, by alice" for
/// ever after alice approved; the loader says so instead, as it refuses a key a rule does not read.
/// </summary>
internal static class ApproverReach
{
    public static void Check(YamlFields fields, Policy policy, IReadOnlyList<YamlNode> entries)
    {
        for (var i = 0; i < policy.Approvers.Count && i < entries.Count; i++)
        {
            var rule = policy.Approvers[i];
            var required = rule.RequireApprovals ?? policy.RequireApprovals;
            var people = rule.Allowed.Distinct(ApprovalTally.People).ToList();
            if (required <= people.Count)
            {
                continue;
            }

            var own = Child(entries[i], "requireApprovals");
            var whose = own is null ? " (the file's requireApprovals)" : "";
            throw fields.Errors.At(
                own ?? Child(entries[i], "allowed") ?? entries[i],
                $"requireApprovals {required}{whose} but allowed names only {Counted(people.Count)} ({string.Join(", ", people)}): each person counts once, so this can never be met; name more people, or require fewer approvals");
        }
    }

    private static string Counted(int people) => people == 1 ? "1 approver" : $"{people} approvers";

    private static YamlNode? Child(YamlNode entry, string key) =>
        entry is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
}
