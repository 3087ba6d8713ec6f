namespace Tollgate.Canary.Tests.Reporting;

/// <summary>
/// A canary's checks of two metrics on one slice are two alerts in code scanning, not one: their SARIF fingerprints
/// name the metric and the slice, and none of the figures that change from one look to the next.
/// </summary>
public sealed class CanarySarifFingerprintTests
{
    private static List<(string Rule, string Fingerprint)> Fingerprints(int seed, double canaryErrors)
    {
        return TwoMetricCanary.SarifResults(seed, canaryErrors)
            .Select(r => (r.GetProperty("ruleId").GetString()!, r.GetProperty("partialFingerprints").GetProperty("tollgate/v1").GetString()!))
            .ToList();
    }

    [Fact]
    public void Render_TwoMetricsOnOneSlice_DistinctFingerprintsStableAcrossLooks()
    {
        var failing = Fingerprints(seed: 3, canaryErrors: 0.02);
        var passing = Fingerprints(seed: 11, canaryErrors: 0.004);

        failing.Select(r => r.Fingerprint).ShouldBeUnique();
        failing.Where(r => r.Rule == "relative").Select(r => r.Fingerprint).Order(StringComparer.Ordinal).ShouldBe([
            "relative:tenant=acme;metric=error-rate;slice=tenant=acme",
            "relative:tenant=acme;metric=timeout-rate;slice=tenant=acme",
        ]);
        passing.Select(r => r.Fingerprint).Order(StringComparer.Ordinal).ShouldBe(failing.Select(r => r.Fingerprint).Order(StringComparer.Ordinal));
    }
}
