using Tollgate.Domain;
using Tollgate.Policies.Rego;

namespace Tollgate.Policies.Tests.Rego;

/// <summary><see cref="RegoRunner"/> with a stand-in <c>opa</c> on its own search path printing what a real one would not.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RegoRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-rego-runner-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RunAsync_OpaPrintsALoneSurrogate_ToolFaultNamingOpaAndWhere()
    {
        // Before: "an input is not Unicode text: …", naming neither opa nor its output.
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        var opa = Path.Combine(bin, "opa");
        File.WriteAllText(opa, "#!/bin/sh\nprintf '%s\\n' '{\"result\": [{\"expressions\": [{\"value\": {\"terraform\": {\"deny\": [\"no \\ud800\"]}}}]}]}'\n");
        File.SetUnixFileMode(opa, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var policies = Directory.CreateDirectory(Path.Combine(_dir, "policies")).FullName;
        var plan = Path.Combine(_dir, "plan.json");
        File.WriteAllText(plan, "{}");

        var error = await Should.ThrowAsync<InvalidInputException>(() => new RegoRunner(bin).RunAsync(policies, plan, CancellationToken.None));

        error.ToolFault.ShouldBeTrue();
        error.Message.ShouldBe("opa printed results that are not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 1, column 68 (an escape such as \\ud800 without its other half)");
    }
}
