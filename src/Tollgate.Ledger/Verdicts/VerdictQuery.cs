namespace Tollgate.Ledger.Verdicts;

/// <summary>
/// Which recorded verdicts to list, newest first: every filter optional, <see cref="Before"/> the cursor (the id of the
/// last entry of the previous page), at most <see cref="Limit"/> entries.
/// </summary>
public sealed record VerdictQuery(int Limit)
{
    /// <summary>Entries on a page when no limit is given (the server's and <c>tollgate verdicts</c>').</summary>
    public const int DefaultLimit = 50;

    /// <summary>The most entries one page lists.</summary>
    public const int MaxLimit = 500;

    /// <summary>The verdicts a filter may name.</summary>
    public static readonly IReadOnlyList<string> Verdicts = ["pass", "fail", "review", "hold"];

    /// <summary>
    /// The report kinds Tollgate records, which a kind filter may name: each gate's <c>Kind</c> (Terraform plan, graph
    /// and state split; canary and Argo/Flagger rollout approval; Kubernetes lint; deploy, drill status and retention;
    /// the model registry, promotion, rollback, drill, shadow, drift, skew and trend). A kind not among them matches
    /// nothing ever recorded, so a filter naming one is a typo, refused rather than answered with an empty list.
    /// </summary>
    public static readonly IReadOnlyList<string> Kinds =
    [
        "terraform-plan", "terraform-graph", "terraform-state-split", "canary", "rollout", "k8s-lint", "deploy", "drill-status", "retention",
        "model-register", "model-import", "model-promote", "model-rollback", "model-drill", "model-shadow", "model-drift", "model-skew", "model-trend",
    ];

    /// <summary>
    /// The recorded kind <paramref name="text"/> names, as reports write it (lower case), or null when it names none: in
    /// any case and with spaces around it, as <c>tollgate verdicts --kind</c> and <c>GET /api/v1/verdicts?kind=</c> both
    /// take it (a kind is one of <see cref="Kinds"/>, so <c>Canary</c> can mean nothing else than <c>canary</c>).
    /// </summary>
    public static string? KindNamed(string text) =>
        Kinds.FirstOrDefault(k => string.Equals(k, text.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Why <paramref name="text"/> names no kind, in the words of both: "'terraform_plan' is not a kind Tollgate records
    /// (terraform-plan, …); did you mean 'terraform-plan'?". <paramref name="nearest"/> picks the near miss among the
    /// kinds (<c>KeySuggestion.For</c>, which the ledger, below the YAML readers, does not reference).
    /// </summary>
    public static string NotAKind(string text, Func<string, IEnumerable<string>, string?> nearest) => NotAmong(text, "kind", Kinds, nearest);

    /// <summary>
    /// The verdict <paramref name="text"/> names (lower case, as reports write it), or null when it names none: in any
    /// case and with spaces around it, as <c>tollgate verdicts --verdict</c> and <c>GET /api/v1/verdicts?verdict=</c>
    /// both take it, the same rule as <see cref="KindNamed"/>.
    /// </summary>
    public static string? VerdictNamed(string text) =>
        Verdicts.FirstOrDefault(v => string.Equals(v, text.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Why <paramref name="text"/> names no verdict, in the words of both: "'passed' is not a verdict Tollgate records (pass, fail, review, hold); did you mean 'pass'?".</summary>
    public static string NotAVerdict(string text, Func<string, IEnumerable<string>, string?> nearest) => NotAmong(text, "verdict", Verdicts, nearest);

    private static string NotAmong(string text, string what, IReadOnlyList<string> names, Func<string, IEnumerable<string>, string?> nearest)
    {
        var trimmed = text.Trim();
        return $"'{trimmed}' is not a {what} Tollgate records ({string.Join(", ", names)})"
            + (nearest(trimmed, names) is { } near ? $"; did you mean '{near}'?" : "");
    }

    public string? Kind { get; init; }

    public string? Subject { get; init; }

    public string? Verdict { get; init; }

    /// <summary>Recorded at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Recorded before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only entries with a smaller id: the next page after the entry with this id.</summary>
    public long? Before { get; init; }
}
