namespace Tollgate.Models.Alerts;

/// <summary>
/// <c>tollgate model alert-rules NAME [--kpi SELECTOR] [--max-daily-drop 0.0025] [--direction decrease]</c>: the
/// KPI series to watch (a PromQL selector, default <c>tollgate_model_kpi{model="NAME"}</c>) and the slowest decline
/// per day, as a share of its level, that should page.
/// </summary>
public sealed record AlertRulesRequest(string Model)
{
    public string? Kpi { get; init; }

    public double MaxDailyDrop { get; init; } = 0.0025;

    public string Direction { get; init; } = "decrease";

    /// <summary>How long the condition must hold before the alert fires (three daily evaluations in the simulation).</summary>
    public string For { get; init; } = "2d";
}
