using System.CommandLine;
using System.Globalization;

namespace Tollgate.Cli.Hosting;

/// <summary>
/// A number option that refuses what is not a finite number, naming it as written: <c>--threshold 1e999 is not a
/// finite number</c>. .NET reads 1e999 as Infinity and NaN as itself, so a later range check would echo "Infinity".
/// </summary>
public static class FiniteNumber
{
    /// <summary><paramref name="option"/>, refusing a value that is not finite at parse time (exit 3).</summary>
    public static Option<double> Checked(Option<double> option)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens is [.., var token] && double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsFinite(value))
            {
                result.AddError($"{option.Name} {token.Value} is not a finite number");
            }
        });
        return option;
    }
}
