using System.CommandLine;
using Tollgate.Domain;
using Tollgate.Domain.Reports;
using Tollgate.Ledger;
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
        var ledgerOption = new Option<string?>("--ledger") { Description = "Ledger to record the approval in (default .tollgate/ledger.db)" };
        var command = new Command("approve", "Record a review of exactly this plan (bound to the SHA-256 digest of its planned changes)");
        input.AddTo(command);
        command.Options.Add(by);
        command.Options.Add(reason);
        command.Options.Add(ledgerOption);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var who = parse.GetValue(by)!.Trim();
            var why = parse.GetValue(reason)!.Trim();
            if (who.Length == 0 || why.Length == 0)
            {
                throw new InvalidInputException("--by and --reason must not be empty");
            }

            var subject = parse.GetValue(input.Plan)!;
            var plan = await PlanLoading.LoadAsync(host, subject, input.Read(parse), cancellationToken);
            var findings = new PlanGate().Evaluate(plan);
            var reviewed = findings.Where(f => f.Rule is "destroy" or "replace" or "forget").Select(f => f.Address).Distinct().ToList();
            await using var ledger = await LedgerLocation.OpenAsync(parse.GetValue(ledgerOption), host.WorkingDirectory, host.Clock, cancellationToken);
            var approval = new Approval(plan.Digest, who, why, host.Clock.GetUtcNow(), subject);
            await ledger.ApproveAsync(approval, cancellationToken);
            await host.Out.WriteLineAsync($"approved {plan.Digest} by {who}: {why}");
            await host.Out.WriteLineAsync(reviewed.Count == 0
                ? "  (this plan destroys, replaces and forgets nothing; the approval is recorded anyway)"
                : $"  covers {reviewed.Count} resource{(reviewed.Count == 1 ? "" : "s")} destroyed, replaced or forgotten: {string.Join(", ", reviewed.Take(10))}{(reviewed.Count > 10 ? ", …" : "")}");
            return 0;
        });
        return command;
    }
}
