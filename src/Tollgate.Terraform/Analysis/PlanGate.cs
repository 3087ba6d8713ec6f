using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Graph;
using Tollgate.Terraform.GraphRules;
using Tollgate.Terraform.Plan;
using Tollgate.Terraform.PolicyRules;
using Tollgate.Terraform.Rules;
using Tollgate.Terraform.Running;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// The Terraform plan gate: reads the plan, runs every plan rule and the graph rules over the plan's configuration,
/// and hands the evidence to <see cref="GatePipeline"/> with the plan's policy rules (custom CEL rules, scans, Rego).
/// Anything destroyed, replaced or forgotten asks for a review bound to this plan's digest (<see cref="PlanReviewDigest"/>).
/// </summary>
public sealed class PlanGate
{
    public const string Kind = "terraform-plan";

    public IReadOnlyList<IPlanRule> Rules { get; init; } = PlanRules.All;

    /// <summary>The rules a plan report holds findings of: the plan rules and the graph rules.</summary>
    public static IReadOnlyList<RuleInfo> Registrations { get; } = [.. PlanRules.Registrations, .. GraphRuleSet.Registrations];

    /// <summary>The team's policy for <see cref="Judge"/>; without one, the defaults with <see cref="RequiredApprovals"/>.</summary>
    public Policy? Policy { get; init; }

    public int RequiredApprovals { get; init; } = 1;

    /// <remarks>
    /// The plan is held by nothing once judged (no local keeps it): recording and rendering its report do not add to it.
    /// The report is recorded with the plan's own digest (<see cref="Report.InputDigest"/>), which <c>approve</c> finds
    /// this plan's last gate by.
    /// </remarks>
    public async Task<Report> RunAsync(PlanRequest request, GateContext context)
    {
        _ = GraphThresholdsPolicy.From(context.Policy); // a policy's bad graph limit is refused before terraform runs
        var report = await JudgeAsync(Gather(request, await LoadAsync(request, context), context), context);
        return await GatePipeline.RecordAsync(report, context);
    }

    /// <summary>The pipeline's report on the evidence, with the plan's own digest as gathered (before the review questions are bound into it).</summary>
    private static async Task<Report> JudgeAsync(Evidence evidence, GateContext context)
    {
        var planDigest = evidence.Digest;
        return await GatePipeline.JudgeAsync(evidence, context) with { InputDigest = planDigest };
    }

    public static Task<TerraformPlan> LoadAsync(PlanRequest request, GateContext context) =>
        new PlanSource(new TerraformCli { Timeout = request.TerraformTimeout }) { StandardInput = request.StandardInput ?? Console.OpenStandardInput }.LoadAsync(
            context.Resolve(request.Plan),
            request.Options with { VarFiles = [.. request.Options.VarFiles.Select(context.Resolve)] },
            context.Progress,
            request.Plan,
            context.Cancellation);

    /// <summary>The plan's evidence: its rules' findings, the graph rules' findings, and the policy rules to add.</summary>
    public Evidence Gather(PlanRequest request, TerraformPlan plan, GateContext context)
    {
        // A planned directory's files are named under it as the user gave it, in findings and errors alike.
        var resolved = context.Resolve(request.Plan);
        var findings = PlanGraphFindings.For(resolved, plan, GraphThresholdsPolicy.From(context.Policy), Evaluate(plan), SourceLocations.AsGiven(request.Plan, resolved));
        return Evidence(request.Plan, plan, findings) with
        {
            PolicyRules = new PlanPolicy(request.Plan, plan)
            {
                Scans = request.Scans,
                ScanFindings = request.ScanFindings,
                RegoDirectory = request.Rego,
                Terraform = new TerraformCli { Timeout = request.TerraformTimeout },
            },
        };
    }

    public IReadOnlyList<Finding> Evaluate(TerraformPlan plan)
    {
        var analysis = new PlanAnalysis(plan);
        return Rules.SelectMany(r => r.Evaluate(analysis)).ToList();
    }

    /// <summary>The pipeline's decision on these findings with the given approvals, without a ledger (for tests and previews).</summary>
    public Report Judge(string subject, TerraformPlan plan, IReadOnlyList<Finding> findings, IReadOnlyList<Approval> approvals) =>
        GatePipeline.Judge(Evidence(subject, plan, findings), Policy ?? Policy.Default with { RequireApprovals = RequiredApprovals }, approvals, TimeProvider.System);

    public static Evidence Evidence(string subject, TerraformPlan plan, IReadOnlyList<Finding> findings)
    {
        var facts = new List<KeyValuePair<string, string>>
        {
            new("terraformVersion", plan.TerraformVersion),
            new("formatVersion", plan.FormatVersion),
        };
        if (plan.Complete == false)
        {
            // Terraform writes complete: false for a plan of deferred changes and for every -target (or -exclude)
            // plan: with no deferred change the plan is partial by the author's choice and is judged on what it does.
            facts.Add(new("complete", plan.DeferredChanges > 0
                ? "false: some changes are deferred to a later plan"
                : "false: planned with -target (or -exclude): only part of the configuration was planned, and only that part is judged"));
        }

        var notEvaluated = NotEvaluated(plan);
        if (notEvaluated.Count > 0)
        {
            facts.Add(new("checksNotEvaluated", $"{notEvaluated.Count} ({Listed(notEvaluated)}): terraform evaluated none of their instances in this plan (a destroy plan, or outside -target), and its apply will not either"));
        }

        if (PlanFormat.IsPreRelease(plan.FormatVersion))
        {
            facts.Add(new("formatLimits", "format " + plan.FormatVersion + (plan.FormatVersion == "0.1" ? " (Terraform 0.12 to 0.15)" : " (Terraform 1.0)") + " has no previous_address, relevant_attributes or checks, and may lack action_reason and replace_paths: moves, check results and replacement causes are not known"));
        }

        var s = plan.Summary;
        var digest = plan.Digest; // the binding keeps the digest, never the plan
        return new Evidence(Kind, subject, digest, findings)
        {
            BindReview = reviewing => PlanReviewDigest.Of(digest, reviewing),
            Rules = Registrations,
            Summary = s.ToPairs(),
            Headline = $"{s.Create} to create, {s.Update} to update, {s.Replace} to replace, {s.Delete} to destroy, {s.Forget} to forget, {s.Read} to read, {s.NoOp} unchanged{(s.Import > 0 ? $"; {s.Import} imported" : "")}{(s.Move > 0 ? $"; {s.Move} moved" : "")}",
            Facts = facts,
            Notes = Partial(plan, notEvaluated),
            // A plan with deferred changes is not the whole change: what terraform deferred is judged by no one yet, so it
            // never passes. A -target plan defers nothing: what it does is all its apply does, and is judged as such.
            Pending = plan.Complete == false && plan.DeferredChanges > 0
                ? $"the plan is incomplete (complete: false, {plan.DeferredChanges} deferred change{(plan.DeferredChanges == 1 ? "" : "s")}): apply it only as part of the run that plans the rest, and gate that plan"
                : null,
            Wording = new PlanWording(),
            Order = PlanFindingOrder.Instance,
        };
    }

    /// <summary>
    /// A -target (or -exclude) plan reads like a full plan in every human format unless it says otherwise: the note every
    /// format prints (text, markdown, junit, SARIF) with the JSON's <c>complete</c> fact, and the checks it left out.
    /// </summary>
    private static IReadOnlyList<string> Partial(TerraformPlan plan, List<string> notEvaluated) =>
        plan.Complete == false && plan.DeferredChanges == 0
            ? ["planned with -target (or -exclude): only part of the configuration was planned, and only that part is judged"
               + (notEvaluated.Count == 0 ? "" : $"; {notEvaluated.Count} check{(notEvaluated.Count == 1 ? "" : "s")} not evaluated ({Listed(notEvaluated)})")]
            : [];

    /// <summary>The checks terraform evaluated no instance of in this plan.</summary>
    private static List<string> NotEvaluated(TerraformPlan plan) =>
        plan.Checks.Where(c => c.NotEvaluated).Select(c => c.Address).Distinct(StringComparer.Ordinal).ToList();

    private static string Listed(List<string> addresses) =>
        string.Join(", ", addresses.Take(5)) + (addresses.Count > 5 ? $" and {addresses.Count - 5} more" : "");
}
