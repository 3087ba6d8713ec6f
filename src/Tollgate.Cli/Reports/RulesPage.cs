using System.Text;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;

namespace Tollgate.Cli.Reports;

/// <summary>
/// <c>docs/rules.md</c>, generated from the rule registrations (a test checks the committed page is current), so the
/// ids a policy may name, the SARIF rule metadata and the documentation cannot drift apart.
/// </summary>
public static class RulesPage
{
    public static string Render(RuleCatalog catalog)
    {
        var page = new StringBuilder();
        page.AppendLine("# Rules");
        page.AppendLine();
        page.AppendLine("<!-- Generated from the rule registrations by RulesPage (test/Tollgate.Cli.Tests/Reports/RulesPageTests.cs);");
        page.AppendLine("     regenerate with TOLLGATE_WRITE_DOCS=1 dotnet test test/Tollgate.Cli.Tests --filter RulesPage. -->");
        page.AppendLine();
        page.AppendLine("Rule ids are stable: users suppress, override and filter by them in `tollgate.yaml`, SARIF and every report.");
        page.AppendLine("A policy that names an id outside this page (other than the two open families below) is refused as a typo.");
        page.AppendLine("**At failOn** says what a finding at or above the policy's `failOn` severity does: `fail` the gate, or ask");
        page.AppendLine("for a `review` that approvals of the report's digest clear (`tollgate approve`). Severities are defaults;");
        page.AppendLine("`rules: { <id>: { severity: … } }` overrides them. Findings of rules under the policy's `reviewOn` ask for a review");
        page.AppendLine("at any severity; by default that is `destroy`, `rename-suspect`, `replace`, `replace-chain` and `forget`.");
        page.AppendLine("**fail (outcome)** marks a measured outcome (a canary, KPI or watch-window result): no approval settles it,");
        page.AppendLine("since what fails rolls back whatever is approved, so a policy that lists it under `reviewOn` is refused.");
        foreach (var pillar in catalog.Rules.GroupBy(r => r.Pillar))
        {
            page.AppendLine();
            page.Append("## ").AppendLine(pillar.Key);
            page.AppendLine();
            page.AppendLine("| rule | default severity | at failOn | what it catches |");
            page.AppendLine("|---|---|---|---|");
            foreach (var rule in pillar)
            {
                page.Append("| <a id=\"").Append(rule.Id.Replace('/', '-')).Append("\"></a>`").Append(rule.Id).Append("` | ")
                    .Append(rule.DefaultSeverity.WireName()).Append(" | ")
                    .Append(AtFailOn(rule)).Append(" | ")
                    .Append(rule.Description.Replace("|", "\\|", StringComparison.Ordinal)).AppendLine(" |");
            }
        }

        page.AppendLine();
        page.AppendLine("## Open families");
        page.AppendLine();
        page.AppendLine("| rule | what it is |");
        page.AppendLine("|---|---|");
        page.AppendLine("| `policy/<name>` | a custom rule of `tollgate.yaml` (`custom:`), with the severity it declares; fails at `failOn` |");
        page.AppendLine("| `scanner/<tool>/<id>` | a result imported from Checkov, tfsec or Trivy (`--scan`), or from Rego (`--rego`) |");
        return page.ToString();
    }

    private static string AtFailOn(RuleInfo rule) => rule switch
    {
        { IsOutcome: true } => "fail (outcome)",
        { AtFailOn: RuleOutcome.Review } => "review",
        _ => "fail",
    };
}
