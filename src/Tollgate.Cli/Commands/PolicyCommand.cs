using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Cli.Reports;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Policies.Loading;
using Tollgate.Reports;
using Tollgate.Terraform.Graph;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate policy init</c> prints the default <c>tollgate.yaml</c> (or writes it with <c>--write</c>);
/// <c>tollgate policy check [FILE]</c> validates a policy the way every gate loads it (exit 3 with the line on error; <c>-</c>
/// reads it from standard input, and an empty file is said to mean the defaults); the
/// file's own text in its summary (names, globs, owners, reasons, expressions) is shown with its control characters
/// escaped (<see cref="TextSafe"/>).
/// </summary>
public static class PolicyCommand
{
    public static Command Create(CliHost host)
    {
        var command = new Command("policy", "Policy file (tollgate.yaml): print the defaults, or validate a file");
        command.Subcommands.Add(Init(host));
        command.Subcommands.Add(Check(host));
        return command;
    }

    private static Command Init(CliHost host)
    {
        var write = new Option<bool>("--write") { Description = "Write tollgate.yaml in the working directory instead of printing it (refuses to overwrite)" };
        var init = new Command("init", "Print the default policy, with every field commented");
        init.Options.Add(write);
        init.SetAction(async (parse, cancellationToken) =>
        {
            if (!parse.GetValue(write))
            {
                await host.Out.WriteAsync(DefaultPolicyText.Yaml);
                return 0;
            }

            // Created only if nothing is there, in one step (O_EXCL): no race between a check and the write.
            var path = Path.Combine(host.WorkingDirectory, "tollgate.yaml");
            await OutputFile.WriteTextAsync(path, DefaultPolicyText.Yaml, "the policy", cancellationToken, overwrite: false);
            await host.Out.WriteLineAsync($"wrote {path}");
            return 0;
        });
        return init;
    }

    private static Command Check(CliHost host)
    {
        var file = new Argument<string?>("file") { Description = "The policy file, - for standard input (default: tollgate.yaml in the working directory)", Arity = ArgumentArity.ZeroOrOne }.WhenEmpty("give the policy file, or leave it out for tollgate.yaml in the working directory");
        var check = new Command("check", "Validate a policy file and summarise what it does");
        check.Arguments.Add(file);
        check.SetAction(async (parse, cancellationToken) =>
        {
            var (policy, empty) = parse.GetValue(file) is "-"
                ? PolicyFile.Open(host.OpenInput(), Hosting.Pillars.Vocabulary)
                : PolicyFile.Open(parse.GetValue(file), host.WorkingDirectory, Hosting.Pillars.Vocabulary);
            _ = GraphThresholdsPolicy.From(policy); // its graph limits refused here as plan, graph and state-split refuse them
            var today = DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime);
            await host.Out.WriteLineAsync($"{TextSafe.Line(policy.Source)}: valid{(empty ? " (empty: the defaults apply)" : "")}");
            var reviewOn = policy.ReviewOn.Count == 0 ? "(none)" : TextSafe.Line(string.Join(", ", policy.ReviewOn));
            await host.Out.WriteLineAsync($"  failOn {policy.FailOn.WireName()}; reviewOn {reviewOn}; requireApprovals {policy.RequireApprovals}");
            foreach (var approver in policy.Approvers)
            {
                await host.Out.WriteLineAsync($"  approvers for {TextSafe.Line(approver.Describe())}: {TextSafe.Line(string.Join(", ", approver.Allowed))} ({approver.RequireApprovals ?? policy.RequireApprovals} needed)");
            }

            foreach (var (rule, settings) in policy.Rules)
            {
                var thresholds = string.Join(", ", settings.Thresholds.Select(t => $"{t.Key} {t.Value}"));
                await host.Out.WriteLineAsync($"  rule {TextSafe.Line(rule)}: {(settings.Enabled ? "on" : "off")}{(settings.Severity is { } s ? ", severity " + s.WireName() : "")}{(thresholds.Length > 0 ? ", " + thresholds : "")}");
            }

            foreach (var exception in policy.Exceptions)
            {
                var state = exception.IsExpired(today) ? "EXPIRED, no longer applies" : "applies";
                await host.Out.WriteLineAsync($"  exception {TextSafe.Line(exception.Rule)} on {TextSafe.Line(exception.Address)} until {exception.Expires:yyyy-MM-dd} ({state}; owner {TextSafe.Line(exception.Owner)}: {TextSafe.Line(exception.Reason)})");
            }

            foreach (var custom in policy.Custom)
            {
                await host.Out.WriteLineAsync($"  custom {TextSafe.Line(custom.RuleId)} ({custom.Severity.WireName()}, per {custom.Scope.ToString().ToLowerInvariant()}): {TextSafe.Line(custom.When)}");
            }

            return 0;
        });
        return check;
    }
}
