using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Domain.Reports;

/// <summary>
/// A report's digest: SHA-256 over the lines that decided it (inputs by content, versions, every option that can change
/// the verdict), one per line, so an approval of one report never covers another.
/// </summary>
public static class ReportDigest
{
    public static string Of(IEnumerable<string> lines) => Of(string.Join("\n", lines));

    /// <summary>The digest of a text already joined.</summary>
    public static string Of(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A number as it was given, to the last bit (round-trip format).</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
