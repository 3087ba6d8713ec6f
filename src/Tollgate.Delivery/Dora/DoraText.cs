using System.Globalization;
using System.Text;
using Tollgate.Domain.Dora;
using Tollgate.Domain.Reports;

namespace Tollgate.Delivery.Dora;

/// <summary>The DORA table people read: one row per service and one overall, the weakest metric named, definitions stated.</summary>
public static class DoraText
{
    public static string Render(DoraResult result)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"DORA metrics, {(result.Environment is { } environment ? TextSafe.Line(environment) : "all environments")}, {result.Window.From:yyyy-MM-dd HH:mm}Z to {result.Window.To:yyyy-MM-dd HH:mm}Z ({Span(result.Window.Days)}), levels of the {result.Definitions.ReportYear} report\n\n");
        // The service column is as wide as the widest name (in terminal columns: 日本語 takes six), so rows line up.
        var rows = result.Services.Append(result.Overall).Select(s => (Name: s.Service == "*" ? "(all services)" : TextSafe.Line(s.Service), Service: s)).ToList();
        var width = Math.Max(24, rows.Max(r => DisplayWidth.Of(r.Name)));
        text.Append(inv, $"{DisplayWidth.PadRight("service", width)} {"deploys",8} {"per day",8} {"lead time (median/p90)",24} {"failure rate",13} {"recovery (median)",18} {"rework",7}  weakest\n");
        foreach (var (name, s) in rows)
        {
            text.Append(inv, $"{DisplayWidth.PadRight(name, width)} {s.Deployments,8} {s.DeploymentsPerDay,8:0.###} {Hours(s.LeadTimeHours.Median) + " / " + Hours(s.LeadTimeHours.P90),24} {Percent(s.ChangeFailureRate),13} {Minutes(s.RecoveryMinutes.Median),18} {Percent(s.DeploymentReworkRate),7}  {Weakest(s)}\n");
        }

        // The recovery median covers the failures that recovered; without this line, failures none of which recovered
        // would read "-", as if there had been nothing to recover from.
        var byIncident = result.Definitions.Recovery != RecoveryClock.DeployToRemediation;
        foreach (var s in result.Services.Where(s => s.Unrecovered > 0))
        {
            text.Append(inv, $"\n{TextSafe.Line(s.Service)}: {Counted.Of(s.Unrecovered, "failed deploy")} not recovered yet ({(byIncident ? "no incident of it resolved" : "no successful remediation recorded")}), left out of the recovery median");
        }

        // Under an incident-based recovery a failure nobody raised an incident for has nothing to time: said, not hidden.
        foreach (var s in result.Services.Where(s => s.WithoutIncident > 0))
        {
            text.Append(inv, $"\n{TextSafe.Line(s.Service)}: {Counted.Of(s.WithoutIncident, "failed deploy")} with no linked incident, left out of the recovery median (recovery is an incident's)");
        }

        // A deploy whose watch never gave a verdict (stopped with Tollgate, or still running) is not known good: said, so a
        // failure rate over fewer deploys than the table's count does not read as a mistake.
        foreach (var s in result.Services.Where(s => s.Unwatched > 0))
        {
            text.Append(inv, $"\n{TextSafe.Line(s.Service)}: {Counted.Of(s.Unwatched, "deploy")} whose watch never gave a verdict (still watching, or stopped before it decided), left out of the failure rate until a watch judges it");
        }

        foreach (var s in result.Services.Where(s => s.Held > 0))
        {
            text.Append(inv, $"\n{TextSafe.Line(s.Service)}: {Counted.Of(s.Held, "deploy")} whose watch held (no decision by its deadline: not verified), left out of the failure rate until a watch judges it or it is rolled back");
        }

        if (result.Services.Any(s => s.Unrecovered > 0 || s.WithoutIncident > 0 || s.Unwatched > 0 || s.Held > 0))
        {
            text.Append('\n');
        }

        if (result.UnlinkedIncidents > 0)
        {
            text.Append(inv, $"\n{Counted.Of(result.UnlinkedIncidents, "incident")} linked to no deploy (no CAUSED_BY link, artifact or deploy within {result.Definitions.IncidentLinkWindow.TotalHours:0.##} h before)\n");
        }

        text.Append("\ndefinitions:\n");
        foreach (var (key, value) in result.Definitions.Describe())
        {
            text.Append(inv, $"  {key}: {value}\n");
        }

        return text.ToString();
    }

    private static string Weakest(ServiceDora s)
    {
        if (s.Weakest is not { } metric)
        {
            return "-";
        }

        var level = s.Levels.First(l => l.Key == metric).Value!.Value;
        return $"{metric.WireName()} ({level.WireName()})";
    }

    private static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "-";

    private static string Hours(double? hours) => hours is { } h ? h.ToString(h < 10 ? "0.##" : "0.#", CultureInfo.InvariantCulture) + " h" : "-";

    private static string Minutes(double? minutes) => minutes is { } m ? m.ToString("0.#", CultureInfo.InvariantCulture) + " min" : "-";

    /// <summary>The window's length: in days from one day up, in hours below ("0 days" said nothing).</summary>
    internal static string Span(double days) => days >= 1
        ? (days < 1.05 ? "1 day" : days.ToString("0.#", CultureInfo.InvariantCulture) + " days")
        : (days * 24).ToString(days * 24 < 10 ? "0.##" : "0.#", CultureInfo.InvariantCulture) + " h";
}
