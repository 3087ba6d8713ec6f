using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Policies;
using Tollgate.Policies.Custom;
using Tollgate.Policies.Rego;
using Tollgate.Policies.Scanners;
using Tollgate.Terraform.Plan;
using Tollgate.Terraform.Running;

namespace Tollgate.Policies.Gate;

/// <summary>
/// Everything the policy adds to a plan's findings before the verdict: custom rule findings, imported scanner
/// results (<c>--scan</c>), Rego results (<c>--rego</c>); then severity overrides, disabled rules and exceptions
/// (<see cref="PolicyApplication"/>). The verdict itself is <see cref="PolicyDecision"/>'s.
/// </summary>
public sealed class PlanPolicy(Policy policy, TimeProvider clock)
{
    public Policy Policy { get; } = policy;

    public IReadOnlyList<string> Scans { get; init; } = [];

    public string? RegoDirectory { get; init; }

    public RegoRunner Rego { get; init; } = RegoRunner.FromEnvironment();

    /// <summary>Renders a binary plan for Rego (bounded by <c>--terraform-timeout</c>).</summary>
    public TerraformCli Terraform { get; init; } = new();

    public async Task<AppliedPolicy> ApplyAsync(string subject, TerraformPlan plan, IReadOnlyList<Finding> findings, CancellationToken cancellationToken = default)
    {
        var all = new List<Finding>(findings);
        all.AddRange(CustomRules.Evaluate(Policy.Custom, plan, cancellationToken));
        foreach (var scan in Scans)
        {
            all.AddRange(ScanImport.Load(scan));
        }

        if (RegoDirectory is not null)
        {
            all.AddRange(await RunRegoAsync(subject, cancellationToken));
        }

        return PolicyApplication.Apply(Policy, all, clock);
    }

    private async Task<IReadOnlyList<Finding>> RunRegoAsync(string subject, CancellationToken cancellationToken)
    {
        if (Rego.Find("conftest") is null && Rego.Find("opa") is null)
        {
            throw new InvalidInputException(RegoRunner.MissingMessage);
        }

        if (Directory.Exists(subject))
        {
            throw new InvalidInputException("--rego needs the plan as a file: run terraform plan -out=tfplan and give tfplan (or its terraform show -json output)");
        }

        if (!IsBinaryPlan(subject))
        {
            return await Rego.RunAsync(RegoDirectory!, Path.GetFullPath(subject), cancellationToken);
        }

        var full = Path.GetFullPath(subject);
        var json = await Terraform.RunAsync(Path.GetDirectoryName(full)!, ["show", "-json", "-no-color", full], cancellationToken);
        var scratch = Directory.CreateTempSubdirectory("tollgate-rego-");
        try
        {
            var planJson = Path.Combine(scratch.FullName, "plan.json");
            await File.WriteAllTextAsync(planJson, json, cancellationToken);
            return await Rego.RunAsync(RegoDirectory!, planJson, cancellationToken);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static bool IsBinaryPlan(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        return stream.Read(head) == 4 && head.SequenceEqual("PK\u0003\u0004"u8);
    }
}
