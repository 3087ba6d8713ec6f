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
}
