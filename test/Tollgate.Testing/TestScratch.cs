namespace Tollgate.Testing;

/// <summary>
/// Scratch directories for tests whose owner has no place to remove them (a static helper, a ledger handed to a server
/// that outlives the test): each is made under one folder of this test process, removed when the process exits, so a
/// direct <c>dotnet test</c> leaves nothing in the temporary folder (<c>eng/test.sh</c> also removes its whole TMPDIR).
/// </summary>
public static class TestScratch
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var root = Directory.CreateTempSubdirectory($"tollgate-tests-{Environment.ProcessId}-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Remove(root);
        Watch(root);
        return root;
    });

    /// <summary>A new, empty directory, removed with the others when the test process exits.</summary>
    public static DirectoryInfo CreateSubdirectory(string prefix) =>
        Directory.CreateDirectory(Path.Combine(Root.Value, prefix + Guid.NewGuid().ToString("N")[..12]));

    /// <summary>
    /// The test runner may end the test process before its exit handlers have run (as <see cref="ScriptedService"/>
    /// says): a detached watcher removes the folder once this process is gone.
    /// </summary>
    private static void Watch(string root)
    {
        const string Loop = "exec </dev/null >/dev/null 2>&1; while kill -0 \"$1\"; do sleep 1; done; rm -rf -- \"$2\"";
        using var watcher = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(
            "setsid", ["bash", "-c", Loop, "watch", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), root]));
    }

    private static void Remove(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file a child process still holds open, or one it made unreadable: the rest is gone.
        }
    }
}
