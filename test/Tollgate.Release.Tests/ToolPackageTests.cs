using System.Text.Json;

namespace Tollgate.Release.Tests;

/// <summary>The tool package installed the way .NET users install tools, from the local feed only, then run for a verdict.</summary>
public sealed class ToolPackageTests
{
    private static readonly string Plan = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");

    [Fact]
    public async Task ToolInstall_FromTheLocalFeed_InstallsTheNativeBinaryThatGivesAVerdict()
    {
        var release = ReleaseBuild.Shared;
        var work = Directory.CreateTempSubdirectory("tollgate-tool-").FullName;
        try
        {
            var tools = Path.Combine(work, "tools");
            var config = Path.Combine(work, "nuget.config");
            File.WriteAllText(config, "<configuration><packageSources><clear /></packageSources></configuration>");

            var install = await Run.StartAsync("dotnet", ["tool", "install", "tollgate", "--tool-path", tools, "--add-source", release.ToolFeed, "--configfile", config, "--version", "1.0.0"], work);
            var run = await Run.StartAsync(Path.Combine(tools, "tollgate"), ["plan", Plan, "--format", "json"], work);

            install.Code.ShouldBe(0, install.Error + install.Out);
            Directory.EnumerateFiles(tools, "tollgate", SearchOption.AllDirectories).ShouldContain(f => f.Contains("tollgate.linux-x64", StringComparison.Ordinal));
            Directory.EnumerateFiles(tools, "tollgate.dll", SearchOption.AllDirectories).ShouldBeEmpty();
            run.Code.ShouldBe(2, run.Error);
            using var report = JsonDocument.Parse(run.Out);
            report.RootElement.GetProperty("verdict").GetString().ShouldBe("review");
        }
        finally
        {
            // The installed tool is about 200 MB: a run must not leave it behind.
            Directory.Delete(work, recursive: true);
        }
    }
}
