using System.Diagnostics;

namespace Tollgate.Testing;

/// <summary>
/// A throw-away service the tests share: the address eng/test.sh exported in <c>environmentVariable</c>, or, when the
/// tests run by hand without it, one started by <c>eng/SCRIPT start DIR</c> (which prints the address) and stopped by
/// <c>eng/SCRIPT stop DIR</c> when the test process exits. Never skipped: a service that cannot start is a failure.
/// </summary>
public static class ScriptedService
{
    public static string Address(string environmentVariable, string script, string what)
    {
        var configured = Environment.GetEnvironmentVariable(environmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        return Start(script, what);
    }

    /// <summary>Starts one more with <c>eng/SCRIPT start DIR ARGUMENTS…</c>, stopped when the test process exits; returns its address.</summary>
    public static string Start(string script, string what, params string[] arguments)
    {
        var path = Repository.File("eng", script);
        var directory = Path.Combine(Path.GetTempPath(), $"tollgate-{Path.GetFileNameWithoutExtension(script)}-{Guid.NewGuid().ToString("N")[..12]}");
        var (code, output, error) = Run(path, ["start", directory, .. arguments]);
        if (code != 0)
        {
            throw new InvalidOperationException($"could not start {what} with {path} (exit {code}): {error}");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run(path, ["stop", directory]);
        Watch(path, directory);
        return output.Trim();
    }

    /// <summary>
    /// The test runner may end the test process before all its exit handlers have run: a detached watcher stops the
    /// service once this process is gone (a second stop of a stopped service does nothing).
    /// </summary>
    private static void Watch(string script, string directory)
    {
        const string Loop = "exec </dev/null >/dev/null 2>&1; while kill -0 \"$1\"; do sleep 1; done; bash \"$2\" stop \"$3\"";
        using var watcher = Process.Start(new ProcessStartInfo("setsid", ["bash", "-c", Loop, "watch", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), script, directory]));
    }

    private static (int Code, string Output, string Error) Run(string script, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [script, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}
