using System.Text;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Graph.StateSplit;

namespace Tollgate.Terraform.GraphRules;

/// <summary>
/// <c>state-split</c>: one state holds resources of several owners. Proposes one state per owner and lists, per
/// boundary and fewest first, the exact references that would become <c>terraform_remote_state</c> lookups, so the
/// split with the least rewiring comes first. With <paramref name="requireOwnership"/> (inside <c>graph</c> and
/// <c>plan</c>) it speaks only when an owners file or owner tags say who owns what, not from module names alone.
/// </summary>
public sealed class StateSplitRule(OwnerMap owners, bool requireOwnership = true) : IGraphRule
{
    public RuleInfo Info { get; } = new("state-split", Severity.Low, "Resources of several owners in one state, and what a split would cross") { Pillar = "Terraform graph and configuration", AtFailOn = RuleOutcome.Review, ReviewedIn = StateSplitGate.Kind };

    public IEnumerable<Finding> Evaluate(GraphAnalysis analysis) =>
        requireOwnership && !owners.Known && !HasOwnerTags(analysis)
            ? []
            : Evaluate(analysis, new StateSplitAdvisor(analysis, owners).Advise());

    private static bool HasOwnerTags(GraphAnalysis analysis) =>
        analysis.Model.Identities.OwnerTags.Count > 0
        || analysis.Model.Config.Resources.Any(r => r.Literals.Any(l => l.Path.Split('.') is [_, var key] && key.ToLowerInvariant() is "owner" or "team"));

    public IEnumerable<Finding> Evaluate(GraphAnalysis analysis, StateSplitAdvice advice)
    {
        var known = advice.States.Count(s => s.Basis.Split(", ").Any(b => b is not ("module" or "neighbours" or "root module")));
        if (!advice.SplitAdvised || (requireOwnership && known < 2))
        {
            yield break;
        }

        foreach (var boundary in advice.Boundaries)
        {
            var data = Slug(boundary.ProducerOwner);
            var readable = boundary.References.Where(r => !r.DependsOn).ToList();
            var orderOnly = boundary.References.Count - readable.Count;
            yield return new Finding(Info.Id, boundary.Mutual ? Severity.Medium : Info.DefaultSeverity, boundary.References[0].Consumer,
                $"splitting {boundary.ConsumerOwner} from {boundary.ProducerOwner}: {boundary.References.Count} reference{(boundary.References.Count == 1 ? "" : "s")} would cross" +
                (orderOnly > 0 ? $" ({orderOnly} depends_on only)" : "") +
                (boundary.Mutual ? $"; {boundary.ProducerOwner} also reads from {boundary.ConsumerOwner}, so neither can be applied first" : ""))
            {
                Module = analysis.Graph.Modules[Math.Max(0, analysis.Graph.IndexOf(boundary.References[0].Consumer))],
                Suggestion = Snippet(boundary, data, readable),
                Related = boundary.References.Select(r => r.Producer).Distinct().ToList(),
                Evidence = new Dictionary<string, object?>
                {
                    ["consumer"] = boundary.ConsumerOwner,
                    ["producer"] = boundary.ProducerOwner,
                    ["references"] = boundary.References.Select(r => r.FromGraph ? $"{r.Consumer} -> {r.Producer} (terraform graph edge)"
                        : $"{r.Consumer}: {r.Written}{(r.Via.Count > 0 ? " via " + string.Join(" -> ", r.Via) : "")} -> {r.Producer}{(r.DependsOn ? " (depends_on)" : "")}").ToList(),
                    ["mutual"] = boundary.Mutual,
                },
            };
        }

        foreach (var state in advice.States)
        {
            yield return new Finding(Info.Id, Severity.Info, state.Modules.Count > 0 ? state.Modules[0] : state.Resources.Count > 0 ? state.Resources[0] : state.DataSources.Count > 0 ? state.DataSources[0] : "",
                $"state \"{state.Owner}\": {Domain.Reports.Counted.Of(state.Resources.Count, "resource")}{(state.DataSources.Count > 0 ? $" and {Domain.Reports.Counted.Of(state.DataSources.Count, "data source")}" : "")}{(state.Modules.Count > 0 ? $" ({string.Join(", ", state.Modules.Take(5))})" : "")}; " +
                $"{Domain.Reports.Counted.Of(state.ForeignDependents, "resource")} of other states {(state.ForeignDependents == 1 ? "depends" : "depend")} on it; largest blast radius {state.MaxBlastRadius}")
            {
                Evidence = new Dictionary<string, object?>
                {
                    ["owner"] = state.Owner,
                    ["resources"] = state.Resources.Count,
                    ["dataSources"] = state.DataSources.Count,
                    ["modules"] = state.Modules,
                    ["foreignDependents"] = state.ForeignDependents,
                    ["maxBlastRadius"] = state.MaxBlastRadius,
                    ["basis"] = state.Basis,
                },
            };
        }
    }

    private static string Snippet(StateBoundary boundary, string data, List<CrossReference> readable)
    {
        var text = new StringBuilder();
        if (readable.Count > 0 && readable.All(r => r.FromGraph))
        {
            // Edges name what depends on what, not which attribute is read: no output can be written for it here.
            text.Append($"# terraform graph names the dependencies, not the expressions behind them: run state-split on the configuration directory for the outputs and terraform_remote_state lookups to write\n");
            foreach (var reference in readable.Take(10))
            {
                text.Append($"# {reference.Consumer} -> {reference.Producer}\n");
            }

            return text.ToString().TrimEnd();
        }

        if (readable.Count > 0)
        {
            Lookups(text, boundary, data, readable);
        }

        // depends_on names no value: no output or data source carries it, and across states it orders nothing.
        var ordering = boundary.References.Where(r => r.DependsOn).ToList();
        if (ordering.Count > 0)
        {
            var only = readable.Count == 0 ? (ordering.Count == 1 ? "the only crossing is a depends_on" : "the only crossings are depends_on") : "depends_on";
            var then = boundary.Mutual
                ? $"remove it: the two states read each other, so no order between their applies can stand in for it"
                : $"remove it, and apply {boundary.ProducerOwner}'s state before {boundary.ConsumerOwner}'s";
            text.Append($"# {only}: across states it orders nothing and no output can carry it; {then}\n");
            foreach (var reference in ordering.Take(10))
            {
                text.Append($"# {reference.Consumer}: depends_on = [{reference.Written}]\n");
            }

            if (ordering.Count > 10)
            {
                text.Append($"# and {ordering.Count - 10} more\n");
            }
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>The outputs the producer's state adds and the <c>terraform_remote_state</c> lookups that replace the values read.</summary>
    private static void Lookups(StringBuilder text, StateBoundary boundary, string data, List<CrossReference> readable)
    {
        text.Append($"# in {boundary.ProducerOwner}'s state:\n");
        foreach (var reference in readable.DistinctBy(r => (r.ExportModule, r.Export)).Take(10))
        {
            var name = OutputName(reference);
            foreach (var (module, value) in (reference.Path ?? new ExportPath("", reference.Export)).Outputs(name))
            {
                if (module.Length > 0 || reference.ExportModule.Length > 0)
                {
                    text.Append(module.Length > 0 ? $"# in {module}:\n" : $"# in the root module of {boundary.ProducerOwner}'s state:\n");
                }

                text.Append($"output \"{name}\" {{ value = {value} }}\n");
            }
        }

        text.Append($"# in {boundary.ConsumerOwner}'s state:\n");
        text.Append($"data \"terraform_remote_state\" \"{data}\" {{\n  backend = \"<backend of {boundary.ProducerOwner}>\"\n}}\n");
        foreach (var reference in readable.Take(10))
        {
            var written = reference.ExportModule.Length > 0 ? $"{reference.Export} in {reference.ExportModule}" : reference.Export;
            var at = reference.Via.Count > 0 && reference.Written.StartsWith("var.", StringComparison.Ordinal) && !reference.Via[0].EndsWith(ValueNames.Validation, StringComparison.Ordinal) ? $" (the module input behind {reference.Written})" : "";
            text.Append($"# {reference.Consumer}: {written}{at} -> data.terraform_remote_state.{data}.outputs.{OutputName(reference)}\n");
        }
    }

    private static string OutputName(CrossReference reference) =>
        Slug(reference.ExportModule.Length > 0 ? reference.ExportModule + "." + reference.Export : reference.Export);

    private static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var c in text)
        {
            slug.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }

        return slug.ToString().Trim('_');
    }
}
