using Tollgate.Domain;
using Tollgate.Terraform.Running;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Running;

public sealed class TerraformCliTests
{
    [Fact]
    public async Task RunAsync_InitOfABrokenConfiguration_SaysWhatIsBrokenAndWhere()
    {
        // terraform init first prints an error that only announces the problems "described below"; the message was
        // that announcement alone, which names no problem.
        using var ws = new TerraformWorkspace("init-broken");
        ws.Write("main.tf", "resource \"terraform_data\" \"a\" {\n");

        var error = await Should.ThrowAsync<InvalidInputException>(new TerraformCli().RunAsync(ws.Directory, ["init", "-input=false", "-no-color"]));

        error.Message.ShouldStartWith($"terraform init failed in {ws.Directory}: Error: Unclosed configuration block (on main.tf line 1) There is no closing brace");
        error.Message.ShouldNotContain("described below");
        error.Message.ShouldNotContain("1: resource");
    }

    [Theory]
    [InlineData("Error: Failed to load plan\n\nthe file is damaged\n", "Error: Failed to load plan the file is damaged")]
    [InlineData("╷\n│ Error: Invalid reference\n│\n│   on main.tf line 3, in resource \"x\" \"y\":\n│    3:   input = foo\n│\n│ A reference must name a block.\n╵\n", "Error: Invalid reference (on main.tf line 3) A reference must name a block.")]
    [InlineData("Warning: Deprecated\n\nold\nError: Bad\n\nreally bad\n", "Error: Bad really bad")]
    [InlineData("no error words at all\nlast line\n", "last line")]
    [InlineData("╷\n│ Error: Invalid count argument\n│\n│   on main.tf line 3, in resource \"terraform_data\" \"n\":\n│    3:   count = terraform_data.seed.output\n│\n│ The \"count\" value depends on resource attributes that cannot be determined\n│ until apply, so Terraform cannot predict how many instances will be created.\n│ To work around this, use the -target argument to first apply only the\n│ resources that the count depends on.\n╵\n", "Error: Invalid count argument (on main.tf line 3) The \"count\" value depends on resource attributes that cannot be determined until apply, so Terraform cannot predict how many instances will be created. To work around this, use the -target argument to first apply only the resources that the count depends on.")]
    [InlineData("\nError: Resource precondition failed\n\n  on m3/main.tf line 7, in resource \"terraform_data\" \"leaf\":\n   7:       condition     = length(var.in) > 1000\n    ├────────────────\n    │ var.in is \"m2-m1-base-1\"\n\nin must be set\n", "Error: Resource precondition failed (on m3/main.tf line 7) in must be set")]
    [InlineData("╷\n│ Error: Resource precondition failed\n│\n│   on main.tf line 7, in resource \"terraform_data\" \"leaf\":\n│    7:       condition     = length(var.in) > 1000\n│     ├────────────────\n│     │ var.in is \"s3cret\"\n│\n│ in must be set\n╵\n", "Error: Resource precondition failed (on main.tf line 7) in must be set")]
    public void FirstError_TerraformOutput_OneLineWithWhereAndWhy(string output, string expected)
    {
        TerraformCli.FirstError(output).ShouldBe(expected);
    }

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
