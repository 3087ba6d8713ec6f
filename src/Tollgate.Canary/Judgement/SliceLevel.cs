namespace Tollgate.Canary.Judgement;

/// <summary>
/// Where one slice-metric stands in the family at this look: its share of α after the family correction, the nominal
/// one-sided level its tests and intervals use at this look (and would use at the window's last look), its look- and
/// family-adjusted p-values, and whether its one test crossed the boundary.
/// </summary>
internal sealed record SliceLevel(double Alpha, double Nominal, double FinalNominal, double LookAdjustedPValue, double AdjustedPValue, bool Rejected, int Look, int Looks)
{
    /// <summary>The check with this level's numbers: what the verdict used.</summary>
    public CheckResult Stamp(CheckResult check) => check with
    {
        Level = Nominal,
        Looks = (Look, Looks),
        DecisionPValue = LookAdjustedPValue,
        AdjustedPValue = AdjustedPValue,
    };
}
