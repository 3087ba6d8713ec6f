using System.Globalization;

namespace Tollgate.Domain.Reports;

/// <summary>A count and its noun in the right number, for the words of reports and messages: "1 slice", "3 slices".</summary>
public static class Counted
{
    /// <summary>"1 <paramref name="singular"/>", otherwise the count and <paramref name="plural"/> (default: the singular and "s").</summary>
    public static string Of(long count, string singular, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? singular : plural ?? singular + "s")}");
}
