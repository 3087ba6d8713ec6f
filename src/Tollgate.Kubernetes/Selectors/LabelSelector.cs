using k8s.Models;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Selectors;

/// <summary>
/// A label selector as the API server applies it: every <c>matchLabels</c> pair and every <c>matchExpressions</c>
/// requirement (<c>In</c>, <c>NotIn</c>, <c>Exists</c>, <c>DoesNotExist</c>) must hold. What an empty selector
/// selects depends on who holds it (all pods of the namespace for a PodDisruptionBudget, as <c>policy/v1</c> reads
/// it; none for a workload, whose empty selector the API server refuses), so the owner says; a missing selector
/// selects nothing.
/// </summary>
public sealed class LabelSelector
{
    private readonly IReadOnlyList<Requirement> _requirements;
    private readonly bool _emptyMatchesAll;

    private LabelSelector(IReadOnlyList<Requirement> requirements, bool emptyMatchesAll, string text)
    {
        _requirements = requirements;
        _emptyMatchesAll = emptyMatchesAll;
        Text = text;
    }

    /// <summary>Selects nothing (a missing selector).</summary>
    public static LabelSelector None { get; } = new([], emptyMatchesAll: false, "(none)");

    /// <summary>The selector in <c>kubectl</c>'s words: <c>app=web,tier in (a,b),!canary</c>.</summary>
    public string Text { get; }

    public bool IsEmpty => _requirements.Count == 0;

    /// <summary>A label every pod it selects carries (<c>app=web</c> of <c>matchLabels</c>), to look it up by; null when no one label is required.</summary>
    public (string Key, string Value)? RequiredLabel =>
        _requirements.FirstOrDefault(r => r.Operator == "In" && r.Values.Length == 1) is { } r ? (r.Key, r.Values[0]) : null;

    public static LabelSelector From(KubeObject owner, V1LabelSelector? selector, bool emptyMatchesAll)
    {
        if (selector is null)
        {
            return None;
        }

        var requirements = new List<Requirement>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            requirements.Add(new Requirement(key, "In", [value ?? ""]));
        }

        foreach (var expression in selector.MatchExpressions ?? [])
        {
            var values = expression.Values?.ToArray() ?? [];
            var valid = expression.OperatorProperty switch
            {
                "In" or "NotIn" => values.Length > 0,
                "Exists" or "DoesNotExist" => values.Length == 0,
                _ => false,
            };
            if (!valid || string.IsNullOrEmpty(expression.Key))
            {
                throw new Domain.InvalidInputException($"{owner.Location}: {owner}: matchExpressions entry '{expression.Key} {expression.OperatorProperty} [{string.Join(",", values)}]' is not a valid requirement (In and NotIn need values; Exists and DoesNotExist take none)");
            }

            requirements.Add(new Requirement(expression.Key, expression.OperatorProperty, values));
        }

        var text = requirements.Count == 0 ? (emptyMatchesAll ? "(every pod)" : "(no pod)") : string.Join(",", requirements.Select(r => r.ToString()));
        return new LabelSelector(requirements, emptyMatchesAll, text);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) =>
        _requirements.Count == 0 ? _emptyMatchesAll && this != None : _requirements.All(r => r.Matches(labels));

    public override string ToString() => Text;

    private sealed record Requirement(string Key, string Operator, string[] Values)
    {
        public bool Matches(IReadOnlyDictionary<string, string> labels)
        {
            var has = labels.TryGetValue(Key, out var value);
            return Operator switch
            {
                "In" => has && Values.Contains(value),
                "NotIn" => !has || !Values.Contains(value),
                "Exists" => has,
                _ => !has,
            };
        }

        public override string ToString() => Operator switch
        {
            "In" when Values.Length == 1 => $"{Key}={Values[0]}",
            "In" => $"{Key} in ({string.Join(",", Values)})",
            "NotIn" => $"{Key} notin ({string.Join(",", Values)})",
            "Exists" => Key,
            _ => "!" + Key,
        };
    }
}
