namespace Tollgate.Reports;

/// <summary>
/// The <c>artifactLocation</c>s of one SARIF run. A file under the source root is a relative reference (RFC 3986 §4.2)
/// against it with <c>uriBaseId</c> <see cref="SourceRootId"/>, which the run's <c>originalUriBaseIds</c> defines as
/// the root's absolute <c>file://</c> URI (SARIF 2.1.0 §3.4.4, §3.14.14; GitHub's relative-URI guidance,
/// https://docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support-for-code-scanning#relative-uri-guidance-for-sarif-producers).
/// The source root is the git work tree holding the working directory (the nearest directory upwards with a
/// <c>.git</c> directory or file, as a worktree has), else the working directory itself, so a path is relative to
/// the repository's root as code scanning reads it, wherever in the repository the command ran. A file outside the
/// root gets its absolute <c>file://</c> URI rather than a <c>../</c> reference. Each path segment is
/// percent-encoded (a space is <c>%20</c>, <c>#</c> is <c>%23</c>, <c>%</c> is <c>%25</c>, a non-ASCII letter its
/// UTF-8 bytes), so <c>k8s sp/check#1.yaml</c> is read as that file and not as the path <c>k8s sp/check</c> with the
/// fragment <c>1.yaml</c>. Input read from standard input (<c>-</c>) has no file: it gets no artifact location
/// (SARIF 2.1.0 §3.29.2: a physical location needs an artifact location or an address; §3.28: a location may be
/// logical only).
/// </summary>
public sealed class SarifArtifacts
{
    /// <summary>The <c>uriBaseId</c> of paths under the source root: SARIF's conventional name for it.</summary>
    public const string SourceRootId = "%SRCROOT%";

    /// <summary>What the command line calls standard input.</summary>
    private const string StandardInput = "-";

    private readonly string _workingDirectory;

    public SarifArtifacts(string workingDirectory)
    {
        _workingDirectory = Path.GetFullPath(workingDirectory);
        Root = Domain.Inputs.SourceRoot.Of(_workingDirectory);
    }

    /// <summary>The absolute path relative URIs are relative to (<see cref="SourceRoot"/>).</summary>
    public string Root { get; }

    /// <summary>The root as an absolute <c>file://</c> URI ending in <c>/</c>, as <c>originalUriBaseIds</c> requires (§3.14.14).</summary>
    public string RootUri => AbsoluteUri(Root.TrimEnd(Path.DirectorySeparatorChar, '/')) + "/";

    /// <summary>True once an artifact location relative to the root was given: the run must then define the root.</summary>
    public bool RootUsed { get; private set; }

    /// <summary>The artifact location of <paramref name="path"/> (relative to the working directory, or absolute); null for standard input.</summary>
    public SarifArtifact? Of(string path)
    {
        if (path == StandardInput)
        {
            return null;
        }

        var full = Path.GetFullPath(path, _workingDirectory);
        // Under the root by the one rule the approvers' path: uses too (the root itself is ".", a relative reference to it).
        if (Domain.Inputs.SourceRoot.Relative(Root, full) is not { } relative)
        {
            return new SarifArtifact(AbsoluteUri(full), null);
        }

        RootUsed = true;
        return new SarifArtifact(Encode(relative), SourceRootId);
    }

    /// <summary>
    /// The file a finding without a location of its own points at: <paramref name="subject"/> when it names a file (a
    /// directory: its <c>main.tf</c>, when it has one), else <paramref name="input"/> (the file the command read the
    /// change from: a KPI spec, a predictions log) when that is a file; null when neither is (a model version, a
    /// service, standard input), so the result has a logical location only.
    /// </summary>
    public string? ReportFile(string subject, string? input)
    {
        foreach (var candidate in new[] { subject, input })
        {
            if (candidate is null or "" or StandardInput)
            {
                continue;
            }

            var full = Path.GetFullPath(candidate, _workingDirectory);
            if (File.Exists(full))
            {
                return candidate;
            }

            if (Directory.Exists(full) && File.Exists(Path.Combine(full, "main.tf")))
            {
                return Path.Combine(candidate, "main.tf");
            }
        }

        return null;
    }

    /// <summary>
    /// Percent-encodes each segment of a <c>/</c>-separated path: every character but RFC 3986's unreserved ones
    /// (letters, digits, <c>-._~</c>) becomes its UTF-8 bytes as <c>%XX</c>; the separators stay as they are.
    /// </summary>
    public static string Encode(string path) =>
        // EscapeDataString leaves exactly the unreserved characters and writes the rest as UTF-8 %XX (upper case).
        string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    /// <summary>The <c>file://</c> URI of an absolute path: <c>file:///</c> and the encoded segments (a drive letter kept as it is).</summary>
    private static string AbsoluteUri(string full)
    {
        var path = Slashed(full);
        if (path.Length >= 2 && path[1] == ':')
        {
            return "file:///" + path[..2] + Encode(path[2..]);
        }

        return "file://" + Encode(path);
    }

    private static string Slashed(string path) => Path.DirectorySeparatorChar == '/' ? path : path.Replace(Path.DirectorySeparatorChar, '/');
}
