using System.Text.RegularExpressions;
using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain;

namespace Tollgate.Cli.Commands;

/// <summary>
/// Durations and commit times as the command line takes them, each error naming the option: <c>--timeout 0s</c> is a
/// duration, just not a positive one, and <c>--changes abc@notatime</c> is quoted as the user typed it.
/// </summary>
public static partial class TimeArguments
{
    /// <summary>A positive duration such as 90s, 10m, 24h or 30d.</summary>
    public static TimeSpan Duration(string text, string option)
    {
        if (PromDuration.TryParse(text, out var duration, out var tooLong))
        {
            return duration;
        }

        throw new InvalidInputException(
            tooLong ? $"{option} {text}: the duration is longer than {PromDuration.Format(PromDuration.Max)}"
            : Zero().IsMatch(text.Trim()) ? $"{option} {text}: the duration must be longer than zero"
            : $"{option} {text} is not a duration like 90s, 10m, 24h or 30d");
    }

    [GeneratedRegex(@"^(0+(ms|s|m|h|d|w|y))+$")]
    private static partial Regex Zero();

    /// <summary><c>SHA</c> or <c>SHA@TIME</c> of <c>--changes</c>.</summary>
    public static Domain.Delivery.Change Change(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return DeliveryTime.Change(text);
        }

        var time = text[(at + 1)..];
        return new Domain.Delivery.Change(text[..at], DeliveryTime.Parse(time, $"--changes {text}: the commit time"));
    }
}
