using Tollgate.Domain.Verdicts;
using Tollgate.Models.Drift;

namespace Tollgate.Models.Tests.Drift;

/// <summary>
/// A numeric feature constant in the reference: PSI and Jensen-Shannon over its one bin cannot see a change, and W1/σ
/// divides by the σ floor; the finding says both rather than print "PSI 0" and a bare 2000.
/// </summary>
public sealed class ConstantReferenceDriftTests
{
    [Fact]
    public async Task RunAsync_ConstantReferenceMovedEverywhere_PsiNotApplicableAndTheFloorNamed()
    {
        // Before: "wasserstein/std 2000, ks-exact statistic 1 (…), PSI 0" and evidence psi 0, psiPValue 1, jensenShannon 0.
        using var dir = new TempDirectory();
        var reference = dir.File("ref.csv");
        var current = dir.File("cur.csv");
        File.WriteAllLines(reference, ["const", .. Enumerable.Repeat("5", 600)]);
        File.WriteAllLines(current, ["const", .. Enumerable.Repeat("7", 400)]);

        var report = await Judged.DriftAsync(new DriftRequest([reference], current));

        report.Verdict.ShouldBe(Verdict.Fail);
        var finding = report.Findings.ShouldHaveSingleItem();
        finding.Message.ShouldStartWith("const: wasserstein/std 2000 (the reference's σ is 0: W1 2 over the σ floor 0.001), ks-");
        finding.Message.ShouldEndWith("PSI n/a (every reference value in one bin: PSI and Jensen-Shannon cannot tell a change)");
        finding.Evidence["psi"].ShouldBeNull();
        finding.Evidence["psiPValue"].ShouldBeNull();
        finding.Evidence["jensenShannon"].ShouldBeNull();
        finding.Evidence["jensenShannonPValue"].ShouldBeNull();
        finding.Evidence["wasserstein"].ShouldBe(2.0);
        finding.Evidence["referenceStd"].ShouldBe(0.0);
    }
}
