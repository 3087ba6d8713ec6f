using System.Text.RegularExpressions;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Rules;
using Tollgate.Policies.Custom;
using Tollgate.Yaml;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Policies.Loading;

/// <summary>
/// Reads and validates <c>tollgate.yaml</c>. Every problem is an <see cref="Domain.InvalidInputException"/> whose
/// message starts with <c>file:line:column:</c>: unknown keys, wrong types, unknown rule ids, bad dates, and custom
/// rule expressions that do not compile are all caught at load, before any plan is judged.
/// </summary>
public static partial class PolicyReader
{
    private static readonly string[] TopKeys = ["failOn", "reviewOn", "requireApprovals", "approvers", "rules", "exceptions", "custom"];
    private static readonly string[] ApproverKeys = ["address", "module", "path", "allowed", "requireApprovals"];
    private static readonly string[] ExceptionKeys = ["rule", "address", "reason", "owner", "expires"];
    private static readonly string[] CustomKeys = ["name", "severity", "message", "when", "scope"];
    private static readonly string[] RuleKeys = ["enabled", "severity"];

    public static Policy Parse(string text, string source, PolicyVocabulary vocabulary) => Parse(text, source, vocabulary, out _);

    /// <summary>As <see cref="Parse(string, string, PolicyVocabulary)"/>; <paramref name="empty"/> when the text holds no document (the defaults).</summary>
    public static Policy Parse(string text, string source, PolicyVocabulary vocabulary, out bool empty)
    {
        var errors = new YamlErrors(source);
        var fields = new YamlFields(errors);
        var root = errors.Root(text);
        empty = root is null or YamlScalarNode { Value: null or "" };
        if (root is null || empty)
        {
            return Policy.Default with { Source = source };
        }

        var policy = Policy.Default with { Source = source };
        var known = new PolicyRuleIds(vocabulary.Rules, CustomNames(root));
        IReadOnlyList<YamlNode> approvers = [];
        foreach (var (key, keyNode, value) in fields.Mapping(root, "the policy", TopKeys))
        {
            policy = key switch
            {
                "failOn" => policy with { FailOn = fields.Severity(value, "failOn", allowInfo: false) },
                "reviewOn" => policy with { ReviewOn = ReadReviewOn(fields, value, known) },
                "requireApprovals" => policy with { RequireApprovals = fields.Count(value, "requireApprovals") },
                "approvers" => policy with { Approvers = (approvers = fields.Sequence(value, "approvers")).Select(n => ReadApprover(fields, n)).ToList() },
                "rules" => policy with { Rules = ReadRules(fields, value, known) },
                "exceptions" => policy with { Exceptions = fields.Sequence(value, "exceptions").Select(n => ReadException(fields, n, known)).ToList() },
                "custom" => policy with { Custom = ReadCustom(fields, value, vocabulary) },
                _ => throw errors.At(keyNode, $"unknown key '{key}'"),
            };
        }

        ApproverReach.Check(fields, policy, approvers);
        return policy;
    }

    /// <summary>
    /// The names under <c>custom:</c>, read before the rest so that a <c>policy/…</c> id may come earlier in the file
    /// than the rule it names; nothing is validated here (<see cref="ReadCustom"/> does that, in its turn).
    /// </summary>
    private static HashSet<string> CustomNames(YamlNode root) =>
        root is YamlMappingNode top && top.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "custom" }).Value is YamlSequenceNode rules
            ? rules.OfType<YamlMappingNode>()
                .Select(r => r.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "name" }).Value)
                .OfType<YamlScalarNode>()
                .Select(n => (n.Value ?? "").Trim())
                .ToHashSet(StringComparer.Ordinal)
            : [];

    private static List<string> ReadReviewOn(YamlFields fields, YamlNode node, PolicyRuleIds known)
    {
        var entries = new List<string>();
        foreach (var item in fields.Sequence(node, "reviewOn"))
        {
            var entry = fields.Text(item, "reviewOn entry").Trim();
            if (!ReviewActions.Names.Contains(entry) && !known.Accepts(entry))
            {
                throw fields.Errors.At(item, known.Catalog.Accepts(entry)
                    ? $"unknown rule '{entry}' in reviewOn{known.Hint(entry)}"
                    : $"reviewOn entry '{entry}' is neither an action ({string.Join(", ", ReviewActions.Names)}) nor a rule id");
            }

            if (known.Catalog.Find(entry) is { IsOutcome: true } outcome)
            {
                throw fields.Errors.At(item, $"reviewOn entry '{entry}' is an outcome of the {outcome.Pillar.ToLowerInvariant()} gate, which no approval settles (what fails rolls back whatever is approved): leave it out of reviewOn");
            }

            entries.Add(entry);
        }

        return entries;
    }

    private static ApproverRule ReadApprover(YamlFields fields, YamlNode node)
    {
        var entries = fields.Mapping(node, "an approvers entry", ApproverKeys).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        if (!entries.TryGetValue("allowed", out var allowed))
        {
            throw fields.Errors.At(node, "an approvers entry needs 'allowed: [names]'");
        }

        return new ApproverRule(fields.Names(allowed, "allowed"))
        {
            Address = entries.TryGetValue("address", out var a) ? fields.Text(a, "address").Trim() : null,
            Module = entries.TryGetValue("module", out var m) ? fields.Text(m, "module", allowEmpty: true).Trim() : null,
            Path = entries.TryGetValue("path", out var p) ? fields.Text(p, "path").Trim() : null,
            RequireApprovals = entries.TryGetValue("requireApprovals", out var r) ? fields.Count(r, "requireApprovals") : null,
            Line = (int)node.Start.Line,
        };
    }

    private static Dictionary<string, RuleSettings> ReadRules(YamlFields fields, YamlNode node, PolicyRuleIds known)
    {
        var rules = new Dictionary<string, RuleSettings>(StringComparer.Ordinal);
        foreach (var (rule, keyNode, value) in fields.Mapping(node, "rules", null))
        {
            if (!known.Accepts(rule))
            {
                throw fields.Errors.At(keyNode, $"unknown rule '{rule}' in rules{known.Hint(rule)}");
            }

            var settings = new RuleSettings();
            var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
            var accepted = known.Catalog.ThresholdsFor(rule);
            foreach (var (key, settingKey, setting) in fields.Mapping(value, $"rules.{rule}", null))
            {
                if (!RuleKeys.Contains(key) && !accepted.Contains(key))
                {
                    throw fields.Errors.At(settingKey, UnknownRuleKey(rule, key, [.. RuleKeys, .. accepted]));
                }

                switch (key)
                {
                    case "enabled":
                        settings = settings with { Enabled = fields.Boolean(setting, $"rules.{rule}.enabled") };
                        break;
                    case "severity":
                        settings = settings with { Severity = fields.Severity(setting, $"rules.{rule}.severity") };
                        break;
                    default:
                        thresholds[key] = known.Catalog.WholeThresholdFor(rule, key) is { } whole
                            ? fields.WholeNumber(setting, $"rules.{rule}.{key}", whole)
                            : fields.Number(setting, $"rules.{rule}.{key} (a threshold)");
                        break;
                }
            }

            rules[rule] = settings with { Thresholds = thresholds };
        }

        return rules;
    }

    /// <summary>"unknown key 'treshold' in rules.fan-out (fan-out accepts: enabled, severity, threshold); did you mean 'threshold'?"</summary>
    private static string UnknownRuleKey(string rule, string key, string[] accepted) =>
        $"unknown key '{key}' in rules.{rule} ({rule} accepts: {string.Join(", ", accepted)})"
        + (KeySuggestion.For(key, accepted) is { } near ? $"; did you mean '{near}'?" : "");

    private static PolicyException ReadException(YamlFields fields, YamlNode node, PolicyRuleIds known)
    {
        var entries = fields.Mapping(node, "an exceptions entry", ExceptionKeys).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var missing = ExceptionKeys.Where(k => !entries.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw fields.Errors.At(node, $"an exception needs {string.Join(", ", ExceptionKeys)}; missing {string.Join(", ", missing)}");
        }

        var rule = fields.Text(entries["rule"], "exception rule").Trim();
        if (!known.Accepts(rule))
        {
            throw fields.Errors.At(entries["rule"], $"exception for unknown rule '{rule}'{known.Hint(rule)}");
        }

        return new PolicyException(
            rule,
            fields.Text(entries["address"], "exception address").Trim(),
            fields.Text(entries["reason"], "exception reason").Trim(),
            fields.Text(entries["owner"], "exception owner").Trim(),
            fields.Date(entries["expires"], "exception expires"))
        {
            Line = (int)node.Start.Line,
        };
    }

    private static List<CustomRule> ReadCustom(YamlFields fields, YamlNode node, PolicyVocabulary vocabulary)
    {
        var rules = new List<CustomRule>();
        foreach (var item in fields.Sequence(node, "custom"))
        {
            var entries = fields.Mapping(item, "a custom rule", CustomKeys).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            foreach (var required in new[] { "name", "severity", "when" }.Where(k => !entries.ContainsKey(k)))
            {
                throw fields.Errors.At(item, $"a custom rule needs '{required}'");
            }

            var name = fields.Text(entries["name"], "custom rule name").Trim();
            if (!RuleName().IsMatch(name) || rules.Any(r => r.Name == name))
            {
                throw fields.Errors.At(entries["name"], $"custom rule name '{name}' must be unique, lower-case letters, digits and dashes");
            }

            var scope = entries.TryGetValue("scope", out var s)
                ? fields.Text(s, "scope").Trim() switch
                {
                    "change" => CustomRuleScope.Change,
                    "plan" => CustomRuleScope.Plan,
                    var other => throw fields.Errors.At(s, $"scope must be change or plan; got '{other}'"),
                }
                : CustomRuleScope.Change;
            var when = entries["when"];
            var rule = new CustomRule(
                name,
                fields.Severity(entries["severity"], "custom rule severity"),
                entries.TryGetValue("message", out var m) ? fields.Text(m, "message").Trim() : $"custom rule {name} matched",
                fields.Text(when, "when"))
            {
                Scope = scope,
                Line = (int)item.Start.Line,
                WhenLine = (int)when.Start.Line,
            };
            if (vocabulary.CustomRuleSample is not { } sample)
            {
                throw fields.Errors.At(item, $"custom rule '{name}': no gate of this build evaluates custom rules");
            }

            if (CelExpression.Check(rule.When, sample(scope)) is { } problem)
            {
                throw fields.Errors.At(when, $"custom rule '{name}': {problem}");
            }

            rules.Add(rule);
        }

        return rules;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex RuleName();
}
