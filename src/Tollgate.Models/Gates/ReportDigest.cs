using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Models.Gates;

/// <summary>
/// A report's digest: SHA-256 over the lines that decided it (inputs by content, versions, every option that can change
/// the verdict), one per line, so an approval of one report never covers another.
/// </summary>
public static class ReportDigest
{
    public static string Of(IEnumerable<string> lines) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", lines))));

    /// <summary>A number as it was given, to the last bit (round-trip format).</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
