using Tollgate.Terraform.Graph;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// What Tollgate keeps of a <c>terraform show -json</c> plan: the changes that change something (no-ops are only
/// counted), root output changes, the configuration's references, the prior state's <c>depends_on</c> and
/// identities, and a canonical digest of every planned change.
/// </summary>
public sealed record TerraformPlan(
    string FormatVersion,
    string TerraformVersion,
    IReadOnlyList<ResourceChange> Changes,
    IReadOnlyList<OutputChange> OutputChanges,
    PlanSummary Summary,
    Configuration Configuration,
    IReadOnlyDictionary<string, IReadOnlyList<string>> PriorDependsOn,
    string Digest)
{
    public bool Errored { get; init; }

    public bool? Applyable { get; init; }

    public bool? Complete { get; init; }

    /// <summary>How many changes terraform deferred to a later plan (<c>deferred_changes</c>, with <c>complete: false</c>).</summary>
    public int DeferredChanges { get; init; }

    /// <summary>Check blocks and conditions that did not pass: <c>checks[]</c>, or <c>condition_results[]</c> of older plans.</summary>
    public IReadOnlyList<Checks.CheckResult> Checks { get; init; } = [];

    /// <summary>The directory of the configuration that was planned, when Tollgate ran terraform there; else null.</summary>
    public string? ConfigurationDirectory { get; init; }

    /// <summary>
    /// Ids, names, arn-like values and owner tags of the prior state's resources, gathered in the reader's one pass:
    /// what the implicit-dependency and state-split rules compare with the configuration.
    /// </summary>
    public StateFacts Identities { get; init; } = new();

    /// <summary>
    /// How many managed objects the prior state holds under each module instance (nested modules counted in each
    /// ancestor); null when the plan has no prior state to count. Unchanged objects are not among <see cref="Changes"/>: this says whether an instance keeps some.
    /// </summary>
    public IReadOnlyDictionary<string, int>? PriorObjectsUnder { get; init; }

    /// <summary>How many current managed objects the prior state holds per configuration address; empty without a prior state.</summary>
    public IReadOnlyDictionary<string, int> PriorInstances { get; init; } = new Dictionary<string, int>();
}
