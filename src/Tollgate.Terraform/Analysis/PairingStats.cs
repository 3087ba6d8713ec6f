namespace Tollgate.Terraform.Analysis;

/// <summary>What one <see cref="RenameDetector"/> run did: how many similarity scores it computed (a create's or a class's).</summary>
internal sealed class PairingStats
{
    public long Comparisons { get; set; }
}
