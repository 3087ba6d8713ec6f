using System.CommandLine;
using Tollgate.Canary.Spec;
using Tollgate.Domain;
using Tollgate.Processes;
using Tollgate.Terraform.Running;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>--terraform-timeout DURATION</c> on every command that may run terraform: one terraform run that takes longer is
/// stopped with everything it started (its state lock released) and the command ends with exit 3 saying what it was doing.
/// </summary>
public sealed class TerraformTimeoutOption
{
    private static readonly TimeSpan Longest = TimeSpan.FromDays(7);

    public Option<TimeSpan> Timeout { get; } = new("--terraform-timeout")
    {
        Description = $"Stop a terraform run that takes longer than this (e.g. 90s, 10m, 1h; default {DurationText.Shortest(TerraformCli.DefaultTimeout)}) and exit 3",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (TryParse(text, out var duration))
            {
                return duration;
            }

            result.AddError($"--terraform-timeout {text} is not a duration between 1s and 7d like 90s, 10m or 1h30m");
            return TerraformCli.DefaultTimeout;
        },
    };

    public void AddTo(Command command) => command.Options.Add(Timeout);

    /// <summary>The user's terraform, bounded by <c>--terraform-timeout</c>.</summary>
    public TerraformCli Terraform(ParseResult parse) => new() { Timeout = Value(parse) };

    /// <summary>
    /// The limit given, else <see cref="TerraformCli.DefaultTimeout"/>. The option has no DefaultValueFactory: help would
    /// print the default a second time, as a TimeSpan (<c>[default: 00:30:00]</c>) beside the description's 30m.
    /// </summary>
    public TimeSpan Value(ParseResult parse) => parse.GetResult(Timeout) is null ? TerraformCli.DefaultTimeout : parse.GetValue(Timeout);

    private static bool TryParse(string text, out TimeSpan duration)
    {
        try
        {
            return PromDuration.TryParse(text, out duration) && duration >= TimeSpan.FromSeconds(1) && duration <= Longest;
        }
        catch (OverflowException)
        {
            duration = TimeSpan.Zero;
            return false;
        }
    }
}
