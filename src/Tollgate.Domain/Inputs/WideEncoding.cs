namespace Tollgate.Domain.Inputs;

/// <summary>
/// UTF-16 or UTF-32 text, told by the byte order mark it starts with: what Windows PowerShell 5's <c>&gt;</c> writes
/// (UTF-16, little-endian) and <c>Out-File -Encoding utf32</c>. Every input Tollgate reads is UTF-8, so such a file is
/// named by its encoding and the user told to save it as UTF-8, never reported as a bad UTF-8 byte.
/// </summary>
/// <param name="Name"><c>UTF-16</c> or <c>UTF-32</c>.</param>
/// <param name="Mark">The byte order mark in hex, <c>FF FE</c>.</param>
/// <param name="Writer">What writes it so, when that is known (<c>as Windows PowerShell's &gt; writes it</c>).</param>
public sealed record WideEncoding(string Name, string Mark, string? Writer)
{
    private const string PowerShell = "as Windows PowerShell's > writes it";

    /// <summary>The encoding whose byte order mark <paramref name="head"/> starts with; null for any other start.</summary>
    public static WideEncoding? Of(ReadOnlySpan<byte> head) =>
        // UTF-32's little-endian mark starts as UTF-16's does: it is told first.
        head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) ? new("UTF-32", "FF FE 00 00", "as Out-File -Encoding utf32 writes it")
        : head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]) ? new("UTF-32", "00 00 FE FF", null)
        : head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? new("UTF-16", "FF FE", PowerShell)
        : head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? new("UTF-16", "FE FF", PowerShell)
        : null;
}
