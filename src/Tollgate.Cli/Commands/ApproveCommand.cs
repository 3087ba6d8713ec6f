using System.CommandLine;
using System.Text.RegularExpressions;
using Tollgate.Cli.Hosting;
using Tollgate.Cli.Reports;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate approve</c>: records a human review bound to one digest. <c>approve PLAN</c> approves exactly that plan
/// (the digest of its planned changes); <c>approve --digest sha256:…</c> approves any recorded report that asked for a
/// review (a graph, a state split, later a model or deploy). A later run of the gate on the same change counts it,
/// with the policy's allowed approvers; any other change does not.
/// </summary>
public static partial class ApproveCommand
{
    public static Command Create(CliHost host)
    {
        var input = new TerraformInputOptions();
        input.Plan.Arity = ArgumentArity.ZeroOrOne;
        var digest = new Option<string?>("--digest") { Description = "The digest of a recorded report that asked for a review (instead of a plan)" };
        var by = new Option<string>("--by") { Description = "Who approves (a person, not a bot)", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why the destroys/replacements are intended", Required = true };
        var common = new CommonOptions();
        var command = new Command("approve", "Record a review of exactly this plan, or of the report with this --digest (approvals bind to the SHA-256 digest)");
        input.AddTo(command);
        command.Options.Add(digest);
        command.Options.Add(by);
        command.Options.Add(reason);
        command.Options.Add(common.Ledger);
        command.Options.Add(common.Policy);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var who = parse.GetValue(by)!.Trim();
            var why = parse.GetValue(reason)!.Trim();
            if (who.Length == 0 || why.Length == 0)
            {
                throw new InvalidInputException("--by and --reason must not be empty");
            }

            var plan = parse.GetValue(input.Plan);
            var digestText = parse.GetValue(digest)?.Trim();
            if ((plan is null) == (digestText is null))
            {
                throw new InvalidInputException("approve needs either a plan or --digest sha256:… (not both)");
            }

            if (digestText is not null && !DigestPattern().IsMatch(digestText))
            {
                throw new InvalidInputException($"--digest {digestText} is not a report digest (sha256: and 64 hex digits)");
            }

            var policy = common.LoadPolicy(parse, host);
            await using var ledger = new DeferredLedger(token => common.OpenLedgerAsync(parse, host, token));
            var context = new GateContext(host.Clock, ledger, policy, host.WorkingDirectory) { Cancellation = cancellationToken };
            var target = plan is not null
                ? await PlanTargetAsync(new PlanRequest(plan) { Options = input.Read(parse), TerraformTimeout = parse.GetValue(input.Timeout.Timeout), StandardInput = host.OpenInput }, context)
                : await RecordedTargetAsync(digestText!, ledger, policy, cancellationToken);
            var approval = new Approval(target.Digest, who, why, host.Clock.GetUtcNow(), target.Subject);
            await ledger.ApproveAsync(approval, cancellationToken);
            await host.Out.WriteLineAsync($"approved {target.Digest} by {TextSafe.Line(who)}: {TextSafe.Line(why)}");
            var reviewed = target.Reviewing.Select(f => f.Address).Distinct().ToList();
            await host.Out.WriteLineAsync(reviewed.Count == 0
                ? $"  ({target.Nothing}; the approval is recorded anyway)"
                : $"  covers {reviewed.Count} resource{(reviewed.Count == 1 ? "" : "s")} {target.Reviewed}: {string.Join(", ", reviewed.Take(10))}{(reviewed.Count > 10 ? ", …" : "")}");
            await WarnIfNotAllowedAsync(host, policy, target.Reviewing, approval, target.Subject);
            return 0;
        });
        return command;
    }

    /// <summary>A plan to approve: its digest, and the findings that ask for a review under the policy.</summary>
    private static async Task<ApprovalTarget> PlanTargetAsync(PlanRequest request, GateContext context)
    {
        var plan = await PlanGate.LoadAsync(request, context);
        var evidence = new PlanGate().Gather(request, plan, context);
        var reviewing = evidence.Findings.Where(f => VerdictDecision.AsksForReview(context.Policy, evidence.Rules, f)).ToList();
        return new ApprovalTarget(plan.Digest, request.Plan, reviewing, "destroyed, replaced or forgotten", "this plan destroys, replaces and forgets nothing");
    }

    /// <summary>A recorded report to approve: the newest verdict on the digest, and what it asked to review.</summary>
    private static async Task<ApprovalTarget> RecordedTargetAsync(string digest, ILedger ledger, Policy policy, CancellationToken cancellationToken)
    {
        var entry = await ledger.LatestForAsync(digest, cancellationToken)
            ?? throw new InvalidInputException($"no report with digest {digest} is recorded in this ledger: run the gate first (approvals bind to a report it recorded)");
        var reviewing = FindingsJson.Read(entry.Findings)
            .Where(f => f.Suppression is null && VerdictDecision.AsksForReview(policy, Pillars.Rules.Rules, f))
            .ToList();
        return new ApprovalTarget(digest, entry.Subject, reviewing, $"of the {entry.Kind} report on {entry.Subject}", $"the {entry.Kind} report on {entry.Subject} ({entry.Verdict}) asks for no review");
    }

    /// <summary>Says where the policy's allowed approvers will not count this approval (it is recorded all the same).</summary>
    private static async Task WarnIfNotAllowedAsync(CliHost host, Policy policy, IReadOnlyList<Finding> findings, Approval approval, string subject)
    {
        var needs = ApprovalTally.Count(policy, findings, [approval], subject);
        var refused = needs.Where(n => n.Allowed is not null && n.CountedApprovers.Count == 0).ToList();
        foreach (var need in refused.Take(10))
        {
            await host.Error.WriteLineAsync($"tollgate: note: {TextSafe.Line(approval.By)} is not an allowed approver for {need.Address} (allowed: {string.Join(", ", need.Allowed!)}); this approval does not count there");
        }

        var restricted = needs.Where(n => n.Required > 1 || n.Allowed is not null).ToList();
        if (restricted.Count > 0 && refused.Count < needs.Count)
        {
            await host.Out.WriteLineAsync($"  counts for {needs.Count - refused.Count} of {needs.Count}; policy {policy.Source} needs {needs.Max(n => n.Required)} approval(s) per resource from its allowed approvers");
        }
    }

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex DigestPattern();

    private sealed record ApprovalTarget(string Digest, string Subject, IReadOnlyList<Finding> Reviewing, string Reviewed, string Nothing);
}
