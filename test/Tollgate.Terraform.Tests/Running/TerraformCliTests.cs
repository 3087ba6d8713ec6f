using Tollgate.Domain;
using Tollgate.Terraform.Running;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Running;

public sealed class TerraformCliTests
{
    [Fact]
    public async Task RunAsync_ApplyOutlivesTheTimeout_IsStoppedLeavesNothingAndReleasesTheStateLock()
    {
        var marker = ProcessProbe.Marker();
        using var ws = TerraformWorkspace.SlowApply("timeout", marker);
        var terraform = new TerraformCli { Timeout = TimeSpan.FromSeconds(3) };

        var error = await Should.ThrowAsync<InvalidInputException>(terraform.RunAsync(ws.Directory, ["apply", "-auto-approve", "-input=false", "-no-color"]));

        error.Message.ShouldBe($"terraform apply in {ws.Directory} did not finish within 3s; it was stopped (with every process it started); raise --terraform-timeout if it needs longer");
        ProcessProbe.Find(marker).ShouldBeEmpty();
        ProcessProbe.WorkingIn(ws.Directory).ShouldBeEmpty();
        var (code, _, stderr) = ws.RunRaw(["plan", "-input=false", "-no-color", "-lock-timeout=0s"]);
        code.ShouldBe(0, stderr);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsTerraformAndItsChildren()
    {
        var marker = ProcessProbe.Marker();
        using var ws = TerraformWorkspace.SlowApply("cancel", marker);
        using var cancel = new CancellationTokenSource();
        var run = new TerraformCli().RunAsync(ws.Directory, ["apply", "-auto-approve", "-input=false", "-no-color"], cancel.Token);
        (await ProcessProbe.AppearsAsync(marker, TimeSpan.FromSeconds(30))).ShouldBeTrue();
        ProcessProbe.WorkingIn(ws.Directory).ShouldNotBeEmpty();

        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(run);
        ProcessProbe.Find(marker).ShouldBeEmpty();
        ProcessProbe.WorkingIn(ws.Directory).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_TerraformMissing_SaysHowToInstallIt()
    {
        var terraform = new TerraformCli { Executable = "/nonexistent/terraform" };

        var error = await Should.ThrowAsync<InvalidInputException>(terraform.RunAsync(Path.GetTempPath(), ["version"]));

        error.Message.ShouldStartWith("cannot run '/nonexistent/terraform'");
        error.Message.ShouldEndWith("install Terraform or put it on PATH (or set TOLLGATE_TERRAFORM)");
    }
}
