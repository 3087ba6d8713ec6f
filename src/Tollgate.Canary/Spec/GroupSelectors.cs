using System.Text.RegularExpressions;
using Tollgate.Domain;

namespace Tollgate.Canary.Spec;

/// <summary>
/// The rollout's pod-template hashes in a spec's group selectors: <c>{{stableHash}}</c> (the baseline's) and
/// <c>{{latestHash}}</c> (the canary's), as Argo Rollouts passes them, filled per request. A hash is a label value,
/// so only letters, digits, <c>-</c>, <c>_</c> and <c>.</c> are accepted: nothing can break out of the matcher.
/// </summary>
public static partial class GroupSelectors
{
    public static readonly IReadOnlyList<string> Placeholders = ["stableHash", "latestHash"];

    /// <summary>The placeholders the selectors use, known or not (for validation at load).</summary>
    public static IEnumerable<string> Used(CanarySpec spec) =>
        Placeholder().Matches(spec.BaselineSelector + "\n" + spec.CanarySelector).Select(m => m.Groups[1].Value).Distinct();

    /// <summary>True when a selector needs a hash from the request.</summary>
    public static bool NeedHashes(CanarySpec spec) => Used(spec).Any();

    /// <summary>The spec with the hashes filled in (and in its digested text); a hash the selectors use but the request lacks is bad input.</summary>
    public static CanarySpec Fill(CanarySpec spec, string? stableHash, string? latestHash)
    {
        if (!NeedHashes(spec))
        {
            return spec;
        }

        string Value(Match m)
        {
            var (name, value, whose, flag) = m.Groups[1].Value == "stableHash"
                ? ("stableHash", stableHash, "baseline's", "--stable-hash")
                : ("latestHash", latestHash, "canary's", "--latest-hash");
            if (string.IsNullOrEmpty(value))
            {
                throw new InvalidInputException($"{spec.Path}: the group selectors use {{{{{name}}}}}: give the {whose} pod-template hash with {flag} ({name} in a request to tollgate serve)");
            }

            return IsHash(value) ? value : throw new InvalidInputException($"{name} '{value}' is not a pod-template hash (letters, digits, '-', '_', '.'; at most 63)");
        }

        var baseline = Placeholder().Replace(spec.BaselineSelector, Value);
        var canary = Placeholder().Replace(spec.CanarySelector, Value);
        if (baseline == canary)
        {
            // The loader refuses two equal selectors; filled, they are equal when the hashes are: one set of pods.
            throw new InvalidInputException($"{spec.Path}: the stable and the latest pod-template hash are both '{stableHash ?? latestHash}', so groups.baseline and groups.canary select the same pods ({baseline}): there is no canary to judge against its baseline");
        }

        return spec with
        {
            BaselineSelector = baseline,
            CanarySelector = canary,

            // The digest is of the spec's text: the filled selectors make two rollouts' judgements two digests.
            Text = spec.Text + "\n# groups.baseline: " + baseline + "\n# groups.canary: " + canary,
        };
    }

    public static bool IsHash(string value) => value.Length is > 0 and <= 63 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}")]
    private static partial Regex Placeholder();
}
