using System.Diagnostics;
using Tollgate.Testing;

namespace Tollgate.Release.Tests;

/// <summary>
/// What eng/publish.sh makes: the Native AOT binary and the .NET tool packages. eng/test.sh publishes once and exports
/// <c>TOLLGATE_RELEASE_DIR</c>; run by hand without it, the first test publishes into a temporary folder (minutes).
/// Never skipped: a release that cannot be built is a failure.
/// </summary>
public sealed class ReleaseBuild
{
    public const string EnvironmentVariable = "TOLLGATE_RELEASE_DIR";

    private static readonly Lazy<ReleaseBuild> SharedBuild = new(Make, LazyThreadSafetyMode.ExecutionAndPublication);

    private ReleaseBuild(string directory) => Directory = directory;

    public static ReleaseBuild Shared => SharedBuild.Value;

    public string Directory { get; }

    public string Binary => Path.Combine(Directory, "linux-x64", "tollgate");

    public string ToolFeed => Path.Combine(Directory, "tool");

    private static ReleaseBuild Make()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } made)
        {
            return new ReleaseBuild(made);
        }

        var directory = System.IO.Directory.CreateTempSubdirectory("tollgate-release-").FullName;
        var info = new ProcessStartInfo("bash", [Repository.File("eng", "publish.sh"), directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["TOLLGATE_SKIP_FALLBACK"] = "1";
        using var publish = Process.Start(info)!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var error = publish.StandardError.ReadToEnd();
        publish.WaitForExit();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"eng/publish.sh failed ({publish.ExitCode}): {error}{output.Result}");
        }

        return new ReleaseBuild(directory);
    }
}
