using System.CommandLine;
using Tollgate.Domain;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Ledger;
using Tollgate.Policies.Loading;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate approve</c>: records a human review of exactly this plan, bound to the digest of its planned changes.
/// A later <c>tollgate plan</c> of the same changes passes the review gate; any other plan does not.
/// </summary>
public static class ApproveCommand
{
    public static Command Create(CliHost host)
    {
        var input = new TerraformInputOptions();
        var by = new Option<string>("--by") { Description = "Who approves (a person, not a bot)", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why the destroys/replacements are intended", Required = true };
        var ledgerOption = new Option<string?>("--ledger") { Description = "Ledger to record the approval in: a SQLite path (default .tollgate/ledger.db) or a postgres:// URL" };
        var policyOption = new Option<FileInfo?>("--policy") { Description = "Policy file whose allowed approvers are checked (default: tollgate.yaml in the working directory, if present)" };
        var command = new Command("approve", "Record a review of exactly this plan (bound to the SHA-256 digest of its planned changes)");
        input.AddTo(command);
        command.Options.Add(by);
        command.Options.Add(reason);
        command.Options.Add(ledgerOption);
        command.Options.Add(policyOption);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var who = parse.GetValue(by)!.Trim();
            var why = parse.GetValue(reason)!.Trim();
            if (who.Length == 0 || why.Length == 0)
            {
                throw new InvalidInputException("--by and --reason must not be empty");
            }

            var subject = parse.GetValue(input.Plan)!;
            var policy = PolicyFile.Load(parse.GetValue(policyOption)?.ToString(), host.WorkingDirectory);
            var plan = await PlanLoading.LoadAsync(host, subject, input.Read(parse), input.Terraform(parse), cancellationToken);
            var findings = new PlanGate { Policy = policy }.Evaluate(plan).Where(f => policy.NeedsReview(f.Rule)).ToList();
            var reviewed = findings.Select(f => f.Address).Distinct().ToList();
            await using var ledger = await LedgerLocation.OpenAsync(parse.GetValue(ledgerOption), host.WorkingDirectory, host.Clock, cancellationToken);
            var approval = new Approval(plan.Digest, who, why, host.Clock.GetUtcNow(), subject);
            await ledger.ApproveAsync(approval, cancellationToken);
            await host.Out.WriteLineAsync($"approved {plan.Digest} by {who}: {why}");
            await host.Out.WriteLineAsync(reviewed.Count == 0
                ? "  (this plan destroys, replaces and forgets nothing; the approval is recorded anyway)"
                : $"  covers {reviewed.Count} resource{(reviewed.Count == 1 ? "" : "s")} destroyed, replaced or forgotten: {string.Join(", ", reviewed.Take(10))}{(reviewed.Count > 10 ? ", …" : "")}");
            await WarnIfNotAllowedAsync(host, policy, findings, approval, subject);
            return 0;
        });
        return command;
    }

    /// <summary>Says where the policy's allowed approvers will not count this approval (it is recorded all the same).</summary>
    private static async Task WarnIfNotAllowedAsync(CliHost host, Policy policy, IReadOnlyList<Domain.Findings.Finding> findings, Approval approval, string subject)
    {
        var needs = ApprovalTally.Count(policy, findings, [approval], subject);
        var refused = needs.Where(n => n.Allowed is not null && n.CountedApprovers.Count == 0).ToList();
        foreach (var need in refused.Take(10))
        {
            await host.Error.WriteLineAsync($"tollgate: note: {approval.By} is not an allowed approver for {need.Address} (allowed: {string.Join(", ", need.Allowed!)}); this approval does not count there");
        }

        var restricted = needs.Where(n => n.Required > 1 || n.Allowed is not null).ToList();
        if (restricted.Count > 0 && refused.Count < needs.Count)
        {
            await host.Out.WriteLineAsync($"  counts for {needs.Count - refused.Count} of {needs.Count}; policy {policy.Source} needs {needs.Max(n => n.Required)} approval(s) per resource from its allowed approvers");
        }
    }
}
