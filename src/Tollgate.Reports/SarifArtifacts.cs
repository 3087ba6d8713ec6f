namespace Tollgate.Reports;

/// <summary>
/// The <c>artifactLocation.uri</c> of a SARIF result: a relative reference (RFC 3986 §4.2) to the file, against the
/// working directory, each path segment percent-encoded (a space is <c>%20</c>, <c>#</c> is <c>%23</c>, <c>%</c> is
/// <c>%25</c>, a non-ASCII letter its UTF-8 bytes), so <c>k8s sp/check#1.yaml</c> is read as that file and not as
/// the path <c>k8s sp/check</c> with the fragment <c>1.yaml</c>. Input read from standard input (<c>-</c>) has no
/// file: it gets no URI, and the result no physical location (SARIF 2.1.0 §3.29.2: a physical location needs an
/// artifact location or an address; §3.28: a location may be logical only).
/// </summary>
public static class SarifArtifacts
{
    /// <summary>What the command line calls standard input.</summary>
    private const string StandardInput = "-";

    /// <summary>
    /// The URI of a finding without a location, or null when the subject was read from standard input: a directory
    /// subject points at its main.tf when there is one.
    /// </summary>
    public static string? SubjectUri(string subject, string workingDirectory)
    {
        if (subject == StandardInput)
        {
            return null;
        }

        var path = subject;
        var full = Path.GetFullPath(subject, workingDirectory);
        if (Directory.Exists(full) && File.Exists(Path.Combine(full, "main.tf")))
        {
            path = Path.Combine(subject, "main.tf");
        }

        return FileUri(path, workingDirectory);
    }

    /// <summary>
    /// The working-directory-relative, percent-encoded URI of <paramref name="path"/>, or null for standard input.
    /// </summary>
    public static string? FileUri(string path, string workingDirectory)
    {
        if (path == StandardInput)
        {
            return null;
        }

        var relative = Path.IsPathRooted(path) ? Path.GetRelativePath(workingDirectory, path) : path;
        if (Path.DirectorySeparatorChar != '/')
        {
            relative = relative.Replace(Path.DirectorySeparatorChar, '/');
        }

        return Encode(relative);
    }

    /// <summary>
    /// Percent-encodes each segment of a <c>/</c>-separated path: every character but RFC 3986's unreserved ones
    /// (letters, digits, <c>-._~</c>) becomes its UTF-8 bytes as <c>%XX</c>; the separators, and so the relative
    /// form (<c>../</c> included), stay as they are.
    /// </summary>
    public static string Encode(string path) =>
        // EscapeDataString leaves exactly the unreserved characters and writes the rest as UTF-8 %XX (upper case).
        string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
