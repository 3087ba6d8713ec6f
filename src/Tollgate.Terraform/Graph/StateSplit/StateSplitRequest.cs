namespace Tollgate.Terraform.Graph.StateSplit;

/// <summary>What <c>tollgate state-split</c> advises on: a Terraform directory (or a plan or DOT file), an owners file, limits.</summary>
public sealed record StateSplitRequest(string Subject)
{
    public string? Owners { get; init; }

    public GraphLimits Limits { get; init; } = new();

    /// <summary>For a directory, also run <c>terraform graph</c> and merge its edges (default: the <c>.tf</c> files alone).</summary>
    public bool TerraformGraph { get; init; }

    /// <summary>How long one terraform run may take before it is stopped with everything it started (exit 3).</summary>
    public TimeSpan TerraformTimeout { get; init; } = Running.TerraformCli.DefaultTimeout;

    /// <summary>What a subject of <c>-</c> reads (a DOT graph or plan JSON); the CLI's standard input by default.</summary>
    public Func<Stream>? StandardInput { get; init; }
}
