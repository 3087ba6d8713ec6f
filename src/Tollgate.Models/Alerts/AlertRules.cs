using System.Globalization;
using System.Text;
using Tollgate.Domain;

namespace Tollgate.Models.Alerts;

/// <summary>
/// Prometheus alerting rules (https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/) that page on
/// a model's trend, not on a spike: <see cref="SlopeAlert"/>'s decision in PromQL for the KPI, a rising drift
/// effect (the <c>tollgate_model_drift_effect</c> gauge) sustained over days, and (a ticket, not a page) a PSI rising
/// for a week on a feature the drift report has not flagged yet (<c>tollgate serve</c> exports every judged feature's). The YAML is written by hand: every
/// value is quoted, so a model name cannot break out of its string.
/// </summary>
public static class AlertRules
{
    /// <summary>The rules file's YAML.</summary>
    public static string Write(AlertRulesRequest request) => Build(request).Yaml;

    /// <summary>The rules file's YAML and the names of the alerts it holds, in order.</summary>
    public static AlertRuleSet Build(AlertRulesRequest request)
    {
        var name = request.Model.Trim();
        if (name.Length == 0 || name.Any(c => char.IsControl(c) || c is '"' or '\\' or '{' or '}'))
        {
            throw new InvalidInputException($"model name '{request.Model}' cannot be used in a PromQL selector");
        }

        if (name.Contains('@', StringComparison.Ordinal))
        {
            throw new InvalidInputException($"model name '{request.Model}' names a version: the rules watch a model's gauges, labelled with its name alone (tollgate model alert-rules {name[..name.IndexOf('@', StringComparison.Ordinal)]})");
        }

        if (request.Direction is not ("decrease" or "increase"))
        {
            throw new InvalidInputException($"--direction {request.Direction}: expected decrease or increase");
        }

        if (!(request.MaxDailyDrop > 0 && request.MaxDailyDrop < 1))
        {
            throw new InvalidInputException($"--max-daily-drop {request.MaxDailyDrop.ToString(CultureInfo.InvariantCulture)}: expected a share between 0 and 1 (0.0025 = 0.25%/day)");
        }

        var kpi = request.Kpi is null ? $"tollgate_model_kpi{{model=\"{name}\"}}" : KpiSelector.Check(request.Kpi, name);
        var drop = request.MaxDailyDrop.ToString("R", CultureInfo.InvariantCulture);
        string Week(int ago) => $"quantile_over_time(0.5, avg_over_time({kpi}[1d])[7d:1d]{(ago == 0 ? "" : $" offset {ago}d")})";
        var (older, newer) = request.Direction == "decrease" ? (Week(14), Week(0)) : (Week(0), Week(14));
        var middle = Week(7);
        var expr = request.Direction == "decrease"
            ? $"({older} - {newer}) > 14 * {drop} * abs({older})\nand {newer} < {middle}\nand {middle} < {older}"
            : $"({older} - {newer}) > 14 * {drop} * abs({newer})\nand {newer} < {middle}\nand {middle} < {older}";
        var drift = $"tollgate_model_drift_effect{{model=\"{name}\"}}";
        var text = new StringBuilder();
        var alerts = new List<string>();
        text.Append("# Written by tollgate model alert-rules: alerts on trends, not spikes (docs/models.md).\n");
        text.Append("groups:\n");
        text.Append(CultureInfo.InvariantCulture, $"  - name: {Q("tollgate-model-" + name)}\n");
        text.Append("    rules:\n");
        Rule(text, alerts, "ModelKpiSustainedDecline", expr, request.For, name, "trend",
            $"{name}: KPI {(request.Direction == "decrease" ? "declining" : "rising")} week after week, faster than {(100 * request.MaxDailyDrop).ToString("0.###", CultureInfo.InvariantCulture)}%/day over three weeks",
            $"tollgate model trend --series <the KPI as CSV> confirms with Mann-Kendall and Sen's slope; tollgate model rollback {name} if it is the model.");
        Rule(text, alerts, "ModelDriftRising", $"deriv({drift}[7d]) * 86400 > 0\nand\nmin_over_time({drift}[1d]) >= 0.1", "1d", name, "drift",
            $"{name}: a feature's drift effect has been above 0.1 and rising for a day",
            "tollgate model drift --reference <training> --current <recent window> --slice-by <columns> names the feature and slice.");
        var psi = $"tollgate_model_drift_psi{{model=\"{name}\"}}";
        Rule(text, alerts, "ModelPsiRising", $"deriv({psi}[7d]) * 86400 > 0.01\nand\nmin_over_time({psi}[1d]) >= 0.05", "1d", name, "drift",
            $"{name}: a feature's PSI has risen by more than 0.01 a day over a week, flagged by the drift report or not yet",
            "Every judged feature's PSI is exported, so this warns before the drift gate fails; tollgate model drift names the feature and slice.",
            "ticket");
        return new AlertRuleSet(text.ToString(), alerts);
    }

    private static void Rule(StringBuilder text, List<string> alerts, string alert, string expr, string wait, string model, string rule, string summary, string description, string severity = "page")
    {
        alerts.Add(alert);
        text.Append(CultureInfo.InvariantCulture, $"      - alert: {alert}\n");
        text.Append("        expr: |\n");
        foreach (var line in expr.Split('\n'))
        {
            text.Append(CultureInfo.InvariantCulture, $"          {line}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"        for: {Q(wait)}\n");
        text.Append(CultureInfo.InvariantCulture, $"        labels:\n          severity: {Q(severity)}\n          model: {Q(model)}\n          rule: {Q(rule)}\n");
        text.Append(CultureInfo.InvariantCulture, $"        annotations:\n          summary: {Q(summary)}\n          description: {Q(description)}\n");
    }

    private static string Q(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
