using System.Text;
using System.Text.RegularExpressions;

namespace Tollgate.Terraform.Running;

/// <summary>
/// Terraform's human-readable plan (the output of <c>terraform plan</c>, or <c>terraform show</c> without
/// <c>-json</c>) given where the plan's JSON goes: recognised by its first lines, so the error says what it is and
/// what to give instead, not where a JSON parser stopped.
/// </summary>
internal static partial class HumanReadablePlan
{
    /// <summary>How much of the file's start is looked at.</summary>
    private const int Head = 4096;

    /// <summary>True when <paramref name="start"/> (a file's first bytes) reads as terraform's plan text.</summary>
    public static bool Is(ReadOnlySpan<byte> start)
    {
        var text = Ansi().Replace(Encoding.UTF8.GetString(start[..Math.Min(start.Length, Head)]), "");
        return Marker().IsMatch(text);
    }

    public static string Refusal(string name) =>
        $"{name} is terraform's human-readable plan output, not its JSON: give `terraform show -json PLANFILE` (saved from `terraform plan -out=PLANFILE`) or the binary plan file itself";

    [GeneratedRegex(@"^(Terraform used the selected providers|Terraform will perform the following actions|Terraform planned the following actions|No changes\. |Plan: \d+ to add|\S+: (Refreshing state\.\.\.|Reading\.\.\.|Read complete after))", RegexOptions.Multiline)]
    private static partial Regex Marker();

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Ansi();
}
