using System.Diagnostics;
using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Rules;

namespace Tollgate.Terraform.Tests.Rules;

/// <summary>
/// The rename-suspect findings of many renames cost one look-up each, not a pass over the plan each: 20,000 renames
/// (40,000 changes) cost 800,000,000 address comparisons when every finding scanned the plan for its destroy and its
/// replacements, which took the rule 40 s and more.
/// </summary>
public sealed class RenameSuspectScaleTests
{
    private const int Renames = 20_000;

    [Fact]
    public void Evaluate_TwentyThousandRenames_FindingsInSecondsNotAPassOverThePlanPerRename()
    {
        var analysis = Analysis();
        _ = analysis.Renames; // the pairing has its own scale tests: timed here is the rule's use of it

        var clock = Stopwatch.StartNew();
        var findings = new RenameSuspectRule().Evaluate(analysis).ToList();
        clock.Stop();

        findings.Count.ShouldBe(Renames);
        findings[0].Suggestion.ShouldBe("moved {\n  from = terraform_data.old[\"k0\"]\n  to   = terraform_data.new[\"k0\"]\n}");
        // Linear work is well under a second; the quadratic one took over 30 s alone. Generous for a loaded 2-core run.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void Evaluate_TwentyThousandRenames_LooksUpTheReplacementsOncePerRename()
    {
        var analysis = Analysis();

        var findings = new RenameSuspectRule().Evaluate(analysis).ToList();

        findings.Count.ShouldBe(Renames);
        analysis.RenameConsequences.Visited.ShouldBe(Renames);
    }

    /// <summary>A renamed for_each block, no prior state (so no whole-block move): each key paired with its own.</summary>
    private static PlanAnalysis Analysis() => new(RenameDetectorScaleTests.Plan(Enumerable.Range(0, Renames).SelectMany(i => new[]
    {
        RenameDetectorScaleTests.Change($"terraform_data.old[\\\"k{i}\\\"]", "", "old", i, "delete", $$"""{"name":"n-{{i}}","size":{{i % 7}}}"""),
        RenameDetectorScaleTests.Change($"terraform_data.new[\\\"k{i}\\\"]", "", "new", i, "create", $$"""{"name":"n-{{i}}","size":{{i % 7}}}"""),
    })));
}
