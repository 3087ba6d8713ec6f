using System.CommandLine;
using System.Globalization;

namespace Tollgate.Cli.Hosting;

/// <summary>
/// Number options refuse what is not a finite number, naming it as written: <c>--threshold 1e999 is not a finite
/// number</c>. .NET reads 1e999 as Infinity and NaN as itself, so a later range check would echo "Infinity". Applied
/// to every <c>double</c> option of the command tree when it is built (<see cref="TollgateCli.Build"/>), so an option
/// added later is checked without asking.
/// </summary>
public static class FiniteNumber
{
    /// <summary>Every <c>double</c> option of <paramref name="command"/> and its subcommands, refusing a value that is not finite at parse time (exit 3).</summary>
    public static void CheckAll(Command command)
    {
        foreach (var option in command.Options.OfType<Option<double>>())
        {
            Checked(option);
        }

        foreach (var sub in command.Subcommands)
        {
            CheckAll(sub);
        }
    }

    private static void Checked(Option<double> option)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens is [.., var token] && double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsFinite(value))
            {
                result.AddError($"{option.Name} {token.Value} is not a finite number");
            }
        });
    }
}
