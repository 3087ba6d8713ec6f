using System.Globalization;

namespace Tollgate.Domain.Rules;

/// <summary>
/// A threshold key that counts something (dependents, resources, parallel workers): a whole number of at least
/// <see cref="Least"/>. The policy loader refuses any other value of <see cref="Key"/> at its line and column, and the
/// command-line option that sets the same limit refuses it in the same words
/// (<c>--fan-out 0 is not a whole number of 1 or more</c>, <c>tollgate.yaml:3:16: rules.fan-out.threshold 0 is not …</c>).
/// </summary>
public sealed record WholeThreshold(string Key, int Least)
{
    /// <summary>The value as typed, or null when it is not a whole number of at least <see cref="Least"/>.</summary>
    public int? Parse(string text) =>
        int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= Least ? value : null;

    /// <summary>Whether a number already read (a policy built in code) is a whole number of at least <see cref="Least"/> that fits a count.</summary>
    public bool Accepts(double value) => value >= Least && value <= int.MaxValue && Math.Floor(value) == value;

    /// <summary>
    /// "--fan-out 0 is not a whole number of 1 or more", or for a number past a count's range "--fan-out 99999999999999
    /// is too large: the largest accepted is 2147483647": <paramref name="name"/> the option or key, <paramref name="value"/> as given.
    /// </summary>
    public string Refusal(string name, string value) =>
        double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > int.MaxValue
            ? TooLarge(name, value, int.MaxValue)
            : $"{name} {value} is not a whole number of {Least} or more";

    /// <summary>"--fan-out 99999999999999 is too large: the largest accepted is 2147483647", for an option or key of any whole-number type.</summary>
    public static string TooLarge(string name, string value, long largest) => $"{name} {value} is too large: the largest accepted is {largest}";
}
