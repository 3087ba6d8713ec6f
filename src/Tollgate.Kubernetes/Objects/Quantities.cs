namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// Kubernetes resource quantities as the API server reads them (<c>k8s.io/apimachinery/pkg/api/resource</c>'s
/// <c>ParseQuantity</c>): a signed decimal number and one suffix, binary (<c>Ki Mi Gi Ti Pi Ei</c>, powers of 1024),
/// decimal (<c>n u m k M G T P E</c>, or none) or a decimal exponent (<c>e3</c>, <c>E-2</c>). So <c>500m</c>,
/// <c>1G</c>, <c>1Gi</c> and <c>0.5</c> are quantities and <c>500mi</c>, <c>1GB</c>, <c>1K</c> and <c>1 Gi</c> are
/// not: <c>kubectl apply</c> refuses them, and the value meant is usually the same number with the suffix written
/// right (<see cref="Near"/>).
/// </summary>
public static class Quantities
{
    /// <summary>What the API server answers for text outside the grammar (its <c>ErrFormatWrong</c>).</summary>
    public const string FormatWrong = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    /// <summary>What it answers for a suffix it does not know (its <c>ErrSuffix</c>).</summary>
    public const string SuffixWrong = "unable to parse quantity's suffix";

    private const string SuffixCharacters = "eEinumkKMGTP";

    private static readonly string[] Binary = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    private static readonly string[] Decimal = ["n", "u", "m", "", "k", "M", "G", "T", "P", "E"];

    /// <summary>Null when <paramref name="text"/> is a quantity; else what the API server answers for it.</summary>
    public static string? Problem(string text)
    {
        var (number, suffix) = Split(text);
        if (number is null || !InGrammar(suffix))
        {
            return FormatWrong;
        }

        return IsSuffix(suffix) ? null : SuffixWrong;
    }

    /// <summary>
    /// The quantity <paramref name="text"/> probably means, or null: spaces dropped (<c>1 Gi</c>: <c>1Gi</c>), a
    /// byte unit's <c>B</c> dropped (<c>1GB</c>: <c>1G</c>, <c>512MiB</c>: <c>512Mi</c>, <c>64kb</c>: <c>64k</c>), a suffix
    /// in the wrong case written right (<c>1gi</c>: <c>1Gi</c>, <c>1K</c>: <c>1k</c>); for <paramref name="key"/>
    /// <c>cpu</c> an <c>m</c> suffix is thousandths of a CPU (<c>500mi</c>: <c>500m</c>), elsewhere <c>mb</c> is megabytes.
    /// </summary>
    public static string? Near(string text, string key)
    {
        var (number, suffix) = Split(string.Concat(text.Where(c => !char.IsWhiteSpace(c))));
        if (number is null)
        {
            return null;
        }

        var bytes = suffix.Length > 0 && suffix[^1] is 'b' or 'B' && key != "cpu";
        var unit = bytes ? suffix[..^1] : suffix;
        var meant = unit.ToLowerInvariant() switch
        {
            var u when key == "cpu" && u.StartsWith('m') => "m",
            "m" => bytes ? "M" : null,
            "e" => null,
            var u => Binary.Concat(Decimal).FirstOrDefault(s => s.Length > 0 && s.Equals(u, StringComparison.OrdinalIgnoreCase)),
        };
        return meant is null || number + meant == text ? null : number + meant;
    }

    /// <summary>
    /// For a decimal quantity meant as bytes (<c>1G</c>), the binary one of the same number (<c>1Gi</c>), which is what
    /// memory is usually sized in; null otherwise.
    /// </summary>
    public static string? BinaryOf(string quantity)
    {
        var (number, suffix) = Split(quantity);
        return number is not null && suffix is "k" or "M" or "G" or "T" or "P" or "E" ? number + char.ToUpperInvariant(suffix[0]) + "i" : null;
    }

    /// <summary>The grammar's suffix, <c>[eEinumkKMGTP]*[-+]?[0-9]*</c>: the letters it may hold, a sign, digits.</summary>
    private static bool InGrammar(string suffix)
    {
        var i = 0;
        while (i < suffix.Length && SuffixCharacters.Contains(suffix[i]))
        {
            i++;
        }

        i += i < suffix.Length && suffix[i] is '+' or '-' ? 1 : 0;
        while (i < suffix.Length && char.IsAsciiDigit(suffix[i]))
        {
            i++;
        }

        return i == suffix.Length;
    }

    private static bool IsSuffix(string suffix)
    {
        if (Binary.Contains(suffix) || Decimal.Contains(suffix))
        {
            return true;
        }

        if (suffix.Length < 2 || suffix[0] is not ('e' or 'E'))
        {
            return false;
        }

        var exponent = suffix.AsSpan(1);
        exponent = exponent[0] is '+' or '-' ? exponent[1..] : exponent;
        return exponent.Length > 0 && !exponent.ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>The signed decimal number <paramref name="text"/> starts with (null when it does not) and what follows it.</summary>
    private static (string? Number, string Suffix) Split(string text)
    {
        var i = text.Length > 0 && text[0] is '+' or '-' ? 1 : 0;
        var digits = 0;
        var dots = 0;
        for (; i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'); i++)
        {
            if (text[i] == '.')
            {
                dots++;
            }
            else
            {
                digits++;
            }
        }

        return digits == 0 || dots > 1 ? (null, text) : (text[..i], text[i..]);
    }
}
