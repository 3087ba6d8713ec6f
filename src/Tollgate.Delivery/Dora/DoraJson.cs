using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tollgate.Domain.Dora;
using Tollgate.Domain.Reports;

namespace Tollgate.Delivery.Dora;

/// <summary>
/// <c>tollgate dora --format json</c>. Field names are a contract (issue 13): per service under <c>services[]</c>
/// <c>service</c>, <c>deployments</c>, <c>deploymentsPerDay</c>, <c>leadTimeForChangesHours</c> (<c>median</c>, <c>p90</c>),
/// <c>changeFailureRate</c> (0..1), <c>failedDeploymentRecoveryMinutes</c> (<c>median</c>), <c>deploymentReworkRate</c>
/// (0..1), <c>definitions</c> and <c>level</c> per metric; add fields, never rename. <c>unwatched</c>: deploys left out
/// of <c>changeFailureRate</c> because their watch never gave a verdict (they count in <c>deployments</c>).
/// </summary>
public static class DoraJson
{
    public static string Serialize(DoraResult result)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("tool");
            w.WriteString("name", ToolInfo.Current.Name);
            w.WriteString("version", ToolInfo.Current.Version);
            w.WriteEndObject();
            w.WriteString("kind", "dora");
            w.WriteStartObject("window");
            w.WriteString("from", result.Window.From.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture));
            w.WriteString("to", result.Window.To.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture));
            w.WriteNumber("days", result.Window.Days);
            w.WriteEndObject();
            if (result.Environment is null)
            {
                w.WriteNull("environment");
            }
            else
            {
                w.WriteString("environment", result.Environment);
            }

            WriteDefinitions(w, result.Definitions);
            w.WriteStartArray("services");
            foreach (var service in result.Services)
            {
                WriteService(w, service, result.Definitions);
            }

            w.WriteEndArray();
            w.WritePropertyName("overall");
            WriteService(w, result.Overall, result.Definitions);
            w.WriteNumber("unlinkedIncidents", result.UnlinkedIncidents);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteService(Utf8JsonWriter w, ServiceDora s, DoraDefinitions definitions)
    {
        w.WriteStartObject();
        w.WriteString("service", s.Service);
        w.WriteNumber("deployments", s.Deployments);
        w.WriteNumber("deploymentsPerDay", Math.Round(s.DeploymentsPerDay, 6));
        w.WriteNumber("deploymentDays", s.DeploymentDays);
        Number(w, "deploymentDaysPerWeek", s.DeploymentDaysPerWeek);
        w.WriteStartObject("leadTimeForChangesHours");
        Number(w, "median", s.LeadTimeHours.Median);
        Number(w, "p90", s.LeadTimeHours.P90);
        w.WriteNumber("samples", s.LeadTimeHours.Samples);
        w.WriteEndObject();
        Number(w, "changeFailureRate", s.ChangeFailureRate);
        w.WriteNumber("failedDeployments", s.FailedDeployments);
        w.WriteNumber("unwatched", s.Unwatched); // deploys whose watch never gave a verdict: out of changeFailureRate, in deployments
        w.WriteNumber("held", s.Held); // deploys whose watch held (not verified): out of changeFailureRate, in deployments
        w.WriteStartObject("failedDeploymentRecoveryMinutes");
        Number(w, "median", s.RecoveryMinutes.Median);
        Number(w, "p90", s.RecoveryMinutes.P90);
        w.WriteNumber("samples", s.RecoveryMinutes.Samples);
        w.WriteNumber("unrecovered", s.Unrecovered);
        if (definitions.Recovery != RecoveryClock.DeployToRemediation)
        {
            w.WriteNumber("withoutIncident", s.WithoutIncident);
        }
        w.WriteEndObject();
        Number(w, "deploymentReworkRate", s.DeploymentReworkRate);
        w.WriteNumber("reworkDeployments", s.ReworkDeployments);
        WriteDefinitions(w, definitions);
        w.WriteStartObject("level");
        foreach (var (metric, level) in s.Levels)
        {
            if (level is null)
            {
                w.WriteNull(metric.WireName());
            }
            else
            {
                w.WriteString(metric.WireName(), level.Value.WireName());
            }
        }

        w.WriteEndObject();
        if (s.Weakest is { } weakest)
        {
            w.WriteString("weakest", weakest.WireName());
        }
        else
        {
            w.WriteNull("weakest");
        }

        w.WriteEndObject();
    }

    private static void WriteDefinitions(Utf8JsonWriter w, DoraDefinitions definitions)
    {
        w.WriteStartObject("definitions");
        foreach (var (key, value) in definitions.Describe())
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, Math.Round(v, 6));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
