using Tollgate.Domain.Findings;

namespace Tollgate.Domain.Policies;

/// <summary>
/// The action words of <c>reviewOn</c> and the plan rules that report them: a destroy is reported by
/// <c>destroy</c> (and <c>rename-suspect</c>, a destroy that looks like a rename); a replacement by <c>replace</c>
/// and <c>replace-chain</c>; a forget by <c>forget</c>. Any other <c>reviewOn</c> entry is a rule-id glob.
/// </summary>
public static class ReviewActions
{
    public static IReadOnlyList<string> Names { get; } = ["destroy", "replace", "forget"];

    private static readonly string[] DestroyRules = ["destroy", "rename-suspect"];
    private static readonly string[] ReplaceRules = ["replace", "replace-chain"];
    private static readonly string[] ForgetRules = ["forget"];

    public static IReadOnlyList<string>? RulesOf(string action) => action switch
    {
        "destroy" => DestroyRules,
        "replace" => ReplaceRules,
        "forget" => ForgetRules,
        _ => null,
    };

    /// <summary>The words for what the action rules report: "3 resources destroyed, replaced or forgotten".</summary>
    public const string Changes = "destroyed, replaced or forgotten";

    private static readonly HashSet<string> ActionRules = [.. Names.SelectMany(a => RulesOf(a)!)];

    /// <summary>
    /// True when every finding under review is one of the rules that report a destroy, a replacement or a forget: then
    /// they are <see cref="Changes"/>, and a module address among them is a module rename. Any other finding (a value
    /// marked sensitive that changes, a failing check, a graph, custom or scanner finding) is none of these. The one
    /// rule for the plan's reason and for what <c>approve</c> says it covers, so that the two count alike.
    /// </summary>
    public static bool ChangesOnly(IEnumerable<Finding> reviewing) => reviewing.All(f => ActionRules.Contains(f.Rule));
}
