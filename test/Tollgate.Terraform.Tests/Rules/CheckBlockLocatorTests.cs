using System.Diagnostics;
using Tollgate.Domain;
using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Plan.Checks;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Rules;

/// <summary>
/// The locator reads the planned directory's <c>.tf</c> files as every configuration reader does: a FIFO is refused
/// rather than waited on, an unreadable file is one line naming it, and installed modules come from the same
/// <c>modules.json</c> reading as the configuration's.
/// </summary>
public sealed class CheckBlockLocatorTests : IDisposable
{
    private static readonly CheckResult Health = new("check.health", "check.health", "", CheckKind.CheckBlock, "fail", ["down"]);

    private readonly TerraformWorkspace _ws = new("check-locator");

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Find_BlockInASecondFile_FileAndLine()
    {
        _ws.Write("a.tf", "locals {}\n").Write("b.tf", "\n\ncheck \"health\" {\n}\n");

        new CheckBlockLocator(_ws.Directory).Find(Health).ShouldBe(("b.tf", 3));
    }

    [Fact]
    public async Task Find_FifoAmongTheFiles_RefusedWithoutBlocking()
    {
        _ws.Write("b.tf", "check \"health\" {\n}\n");
        await Process.Start("mkfifo", _ws.PathOf("a.tf")).WaitForExitAsync();

        var find = Task.Run(() => Should.Throw<InvalidInputException>(() => new CheckBlockLocator(_ws.Directory).Find(Health)));

        (await Task.WhenAny(find, Task.Delay(TimeSpan.FromSeconds(10)))).ShouldBe(find, "reading a FIFO blocked");
        (await find).Message.ShouldBe("a.tf is a FIFO, not a regular file");
    }

    [Fact]
    public void Find_UnreadableFile_SaysSoNamingIt()
    {
        UnreadableFile.At(_ws.PathOf("a.tf"));

        Should.Throw<InvalidInputException>(() => new CheckBlockLocator(_ws.Directory).Find(Health))
            .Message.ShouldBe("cannot read a.tf: permission denied");
    }

    [Fact]
    public void Find_ModulesJsonNotJson_SaysRunInitAgain()
    {
        var module = new CheckResult("module.app.check.health", "module.app.check.health", "module.app", CheckKind.CheckBlock, "fail", ["down"]);
        _ws.Write("main.tf", "module \"app\" {\n  source = \"acme/app/aws\"\n}\n").Write(".terraform/modules/modules.json", "{\"Modules\": [");

        Should.Throw<InvalidInputException>(() => new CheckBlockLocator(_ws.Directory).Find(module))
            .Message.ShouldStartWith(".terraform/modules/modules.json is not valid JSON");
    }
}
