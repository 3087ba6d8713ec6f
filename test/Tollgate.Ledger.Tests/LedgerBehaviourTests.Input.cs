using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Ledger.Tests;

/// <summary>
/// The newest plan gate of one plan, found by the plan's own digest recorded with it (migration 0017), whatever
/// subject or review digest the gate had: what <c>tollgate approve PLAN</c> reads.
/// </summary>
public abstract partial class LedgerBehaviourTests
{
    [Fact]
    public async Task VerdictLog_NewestOfInput_FoundWhateverItsSubjectAndDigestAndNeverAnotherInputs()
    {
        await using var ledger = await OpenAsync();
        await ledger.RecordAsync(new Report("terraform-plan", "plan.json", "sha256:plan", Verdict.Review, [], []) { InputDigest = "sha256:plan" });
        var underPolicy = await ledger.RecordAsync(new Report("terraform-plan", "envs/prod/plan.json", "sha256:bound", Verdict.Review, [], []) { InputDigest = "sha256:plan" });
        for (var i = 0; i < 30; i++)
        {
            await ledger.RecordAsync(new Report("terraform-plan", "plan.json", "sha256:other" + i, Verdict.Review, [], []) { InputDigest = "sha256:other" + i });
        }

        await ledger.RecordAsync(new Report("terraform-graph", "plan.json", "sha256:graph", Verdict.Review, [], []) { InputDigest = "sha256:plan" });
        await ledger.RecordAsync(new Report("terraform-plan", "plan.json", "sha256:plan", Verdict.Review, [], [])); // recorded without one

        var log = LedgerViews.Verdicts(ledger);
        var found = await log.NewestOfInputAsync("terraform-plan", "sha256:plan");
        var none = await log.NewestOfInputAsync("terraform-plan", "sha256:never-gated");

        found.ShouldNotBeNull().Id.ShouldBe(underPolicy);
        found.Digest.ShouldBe("sha256:bound");
        found.Subject.ShouldBe("envs/prod/plan.json");
        none.ShouldBeNull();
    }
}
