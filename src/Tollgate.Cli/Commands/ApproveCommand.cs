using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Cli.Reports;
using Tollgate.Domain;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Verdicts;
using Tollgate.Reports;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate approve</c>: records a human review bound to one digest. <c>approve PLAN</c> approves exactly that plan
/// (the digest of its planned changes, and of the <c>--scan</c>/<c>--rego</c> findings under review, as <c>plan</c>
/// computes it); <c>approve --digest sha256:…</c> approves any recorded report that asked for a
/// review (a graph, a state split, later a model or deploy). A later run of the gate on the same change counts it,
/// with the policy's allowed approvers; any other change does not.
/// </summary>
public static class ApproveCommand
{
    public static Command Create(CliHost host)
    {
        var input = new TerraformInputOptions();
        input.Plan.Arity = ArgumentArity.ZeroOrOne;
        var digest = new Option<string?>("--digest") { Description = "The digest of a recorded report that asked for a review (instead of a plan)" };
        var by = new Option<string>("--by") { Description = "Who approves (a person, not a bot)", Required = true }.WhenEmpty("name who approves");
        var reason = new Option<string>("--reason") { Description = "Why the destroys/replacements are intended", Required = true }.WhenEmpty("say why the destroys and replacements are intended");
        var common = new CommonOptions();
        var command = new Command("approve", "Record a review of exactly this plan, or of the report with this --digest (approvals bind to the SHA-256 digest)");
        input.AddTo(command);
        command.Options.Add(digest);
        command.Options.Add(by);
        command.Options.Add(reason);
        command.Options.Add(common.Ledger);
        command.Options.Add(common.Policy);
        input.AddScansTo(command);
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

            if (digestText is not null && ((parse.GetValue(input.Scans) ?? []).Length > 0 || parse.GetValue(input.Rego) is not null))
            {
                throw new InvalidInputException("--scan and --rego go with a plan, not with --digest (the recorded report's digest already binds its findings)");
            }

            if (digestText is not null && !ApprovalTarget.IsDigest(digestText))
            {
                throw new InvalidInputException($"--digest {digestText} is not a report digest (sha256: and 64 hex digits)");
            }

            var policy = common.LoadPolicy(parse, host);
            // A digest names a report already recorded: a ledger that is not there is a wrong --ledger or directory,
            // never a new empty ledger left behind by the refusal.
            await using var ledger = new DeferredLedger(token => common.OpenLedgerAsync(parse, host, token, existing: digestText is not null));
            var context = new GateContext(host.Clock, ledger, policy, host.WorkingDirectory) { Cancellation = cancellationToken };
            (ApprovalTarget target, string? planDigest) = plan is not null
                ? await PlanApproval.TargetOfAsync(input.Request(parse, plan, host.OpenInput), context)
                : (await ApprovalTarget.RecordedAsync(digestText!, ledger, policy, Pillars.Rules.Rules, host.Clock, cancellationToken, host.WorkingDirectory), null);
            var approval = new Approval(target.Digest, who, why, host.Clock.GetUtcNow(), target.Subject);
            await ledger.ApproveAsync(approval, cancellationToken);
            using var confirmation = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = host.Out.NewLine };
            await confirmation.WriteLineAsync($"approved {target.Digest} by {TextSafe.Line(who)}: {TextSafe.Line(why)}");
            var reviewed = target.Covered();
            await confirmation.WriteLineAsync(reviewed.Count == 0
                ? $"  ({target.Nothing}; the approval is recorded anyway)"
                : $"  covers {Covers(target, reviewed, plan is not null || target.Reviewed.Kind == PlanGate.Kind)}{Listed(reviewed.Where(a => a.Length > 0).ToList())}");
            await WarnIfNotAllowedAsync(host, confirmation, policy, target, approval, await ledger.ApprovalsForAsync(target.Digest, cancellationToken));
            await ConfirmAsync(host, confirmation.ToString());
            if (target.StillFails() is { } fails)
            {
                await host.Error.WriteLineAsync($"tollgate: note: {fails}");
            }

            if (planDigest is not null && await OtherDigestAsync(ledger, target, planDigest, cancellationToken) is { } other)
            {
                await host.Error.WriteLineAsync($"tollgate: note: {other}");
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// Writes the confirmation in one write, as a gate writes its report: a reader that stops after the first line
    /// (<c>| head -1</c>) has it whole. The approval is recorded by then, so a reader that closed the pipe before it
    /// (<c>| true</c>) is a note and exit 0, not an error a script would read as "not approved"; any other failure (a
    /// full disk) is exit 3 with one line saying the approval is recorded.
    /// </summary>
    private static async Task ConfirmAsync(CliHost host, string text)
    {
        try
        {
            await host.Out.WriteAsync(text);
            await host.Out.FlushAsync();
        }
        catch (InvalidInputException e) when (StandardOutputStream.IsClosedByReader(e))
        {
            await host.Error.WriteLineAsync("tollgate: note: the approval is recorded in the ledger; standard output was closed before its confirmation was written (the program reading it exited)");
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"the approval is recorded in the ledger; {e.Message}", e);
        }
    }

    /// <summary>
    /// When the newest recorded gate of this plan judged another digest than the approved one (it was given
    /// <c>--scan</c> or <c>--rego</c>, or another policy): that this approval will not count for that gate, and how to
    /// approve what it asked; null otherwise. The gate is found by the plan's own digest, recorded with every plan gate
    /// (one indexed read): under any policy, with any scan or graph findings under review, and never another plan's
    /// (another directory's <c>plan.json</c>). Gates recorded before the ledger kept it (migration 0017) are not matched.
    /// </summary>
    private static async Task<string?> OtherDigestAsync(DeferredLedger ledger, ApprovalTarget target, string planDigest, CancellationToken cancellationToken)
    {
        var gate = await (await ledger.VerdictsAsync(cancellationToken)).NewestOfInputAsync(PlanGate.Kind, planDigest, cancellationToken);
        return gate is null || gate.Digest == target.Digest
            ? null
            : $"approved {target.Digest}, but the last gate of {TextSafe.Line(gate.Subject)} (verdict {gate.Id}, {gate.Verdict}) judged {gate.Digest}, "
              + $"which this approval does not count for; give approve the --scan, --rego and --policy that gate was given, or approve --digest {gate.Digest}";
    }

    /// <summary>
    /// Says where the policy's allowed approvers will not count this approval (it is recorded all the same), that a
    /// repeat by the same person counts once, and, counted as the gate counts every approval of the digest, how many
    /// resources have their approvals and what the others still need.
    /// </summary>
    private static async Task WarnIfNotAllowedAsync(CliHost host, TextWriter confirmation, Policy policy, ApprovalTarget target, Approval approval, IReadOnlyList<Approval> recorded)
    {
        var needs = target.Needs(policy, approval);
        var refused = ApprovalTarget.Refused(needs);
        foreach (var need in refused.Take(10))
        {
            await host.Error.WriteLineAsync($"tollgate: note: {TextSafe.Line(approval.By)} is not an allowed approver for {need.Address} (allowed: {string.Join(", ", need.Allowed!)}); this approval does not count there");
        }

        if (recorded.Count(a => ApprovalTally.People.Equals(a.By, approval.By)) > 1)
        {
            await host.Error.WriteLineAsync($"tollgate: note: {TextSafe.Line(approval.By)} approved this digest already; counted once");
        }

        if (needs.Any(n => n.Required > 1 || n.Allowed is not null))
        {
            // The ledger answers with this approval among the others: the same tally the gate makes of them.
            await confirmation.WriteLineAsync($"  {ApprovalTarget.Progress(target.Tally(policy, recorded), policy.Source)}");
        }
    }

    /// <summary>
    /// "10 resources destroyed, replaced or forgotten", or for a plan whose review holds module renames (<c>rename-suspect</c>
    /// on a module call) "8 resources destroyed, replaced or forgotten, 2 module renames to review": a module is no resource;
    /// nor is a finding with no address (a blast-radius limit): "151 resources …, 1 plan-wide finding to review".
    /// </summary>
    private static string Covers(ApprovalTarget target, IReadOnlyList<string> reviewed, bool plan) => plan
        ? PlanWording.Words(reviewed, target.Reviewed.Words, target.Reviewed.ChangesOnly)
        : $"{reviewed.Count} resource{(reviewed.Count == 1 ? "" : "s")} {target.Reviewed.Words}";

    /// <summary>": a, b, …": the first ten reviewed addresses; empty when every finding under review is plan-wide.</summary>
    private static string Listed(List<string> addresses) =>
        addresses.Count == 0 ? "" : $": {string.Join(", ", addresses.Take(10))}{(addresses.Count > 10 ? ", …" : "")}";
}
