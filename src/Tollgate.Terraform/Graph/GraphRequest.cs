using Tollgate.Terraform.Graph.Pictures;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// What <c>tollgate graph</c> judges: a Terraform directory, a <c>terraform graph</c> DOT file or a plan, relative to
/// the gate's working directory; optionally the addresses whose blast radius to report, an owners file, limits over
/// the policy's, and pictures to write.
/// </summary>
public sealed record GraphRequest(string Subject)
{
    public string? Changed { get; init; }

    public string? Owners { get; init; }

    public GraphLimits Limits { get; init; } = new();

    public GraphPictures Pictures { get; init; } = new();

    /// <summary>For a directory, also run <c>terraform graph</c> and merge its edges (default: the <c>.tf</c> files alone).</summary>
    public bool TerraformGraph { get; init; }

    /// <summary>How long one terraform run may take before it is stopped with everything it started (exit 3).</summary>
    public TimeSpan TerraformTimeout { get; init; } = Running.TerraformCli.DefaultTimeout;

    /// <summary>What a subject of <c>-</c> reads (a DOT graph or plan JSON); the CLI's standard input by default.</summary>
    public Func<Stream>? StandardInput { get; init; }

    /// <summary>How the host writes the <see cref="Pictures"/>, needed when any is asked for (the command line replaces each whole or not at all).</summary>
    public PictureWriter? WritePicture { get; init; }
}
