namespace Tollgate.Domain.Inputs;

/// <summary>
/// A value given as "" or blanks, as a script's <c>--record "$DIR"</c> with <c>DIR</c> unset passes it: one line and
/// exit 3 naming the option and what to give, where each command would otherwise read it its own way (the working
/// directory, the default ledger, a hook run as the version alone, a crash).
/// </summary>
public static class EmptyValue
{
    /// <summary>True when <paramref name="value"/> was given (not null) but holds nothing but blanks.</summary>
    public static bool Is(string? value) => value is not null && value.Trim().Length == 0;

    /// <summary>The refusal: <c>--record is empty (an unset variable?): give the directory …</c>.</summary>
    public static InvalidInputException Error(string option, string fix) => new($"{option} is empty (an unset variable?): {fix}");

    /// <summary><paramref name="value"/> as given (null when left out); refused with <see cref="Error"/> when empty.</summary>
    public static string? Refuse(string? value, string option, string fix) => Is(value) ? throw Error(option, fix) : value;
}
