using System.IO.Compression;
using Tollgate.Domain;
using Tollgate.Domain.Gates;
using Tollgate.Policies.Rego;
using Tollgate.Terraform.Plan;
using Tollgate.Terraform.PolicyRules;
using Tollgate.Terraform.Running;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Running;

/// <summary>A binary plan whose zip cannot be read, or that is no plan, is said so in one line before terraform runs.</summary>
public sealed class BinaryPlanArchiveTests : IDisposable
{
    private readonly TerraformWorkspace _ws = new("archive");

    [Fact]
    public async Task LoadAsync_TruncatedBinaryPlan_SaysTheZipIsDamaged_NotAStateFile()
    {
        _ws.Write("main.tf", "resource \"terraform_data\" \"a\" { input = \"x\" }\n");
        var bytes = File.ReadAllBytes(_ws.PlanFile());
        var truncated = _ws.PathOf("trunc.bin");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        var error = await Should.ThrowAsync<InvalidInputException>(new PlanSource(new TerraformCli()).LoadAsync(truncated, PlanOptions.None, shownAs: "trunc.bin"));

        error.Message.ShouldBe("trunc.bin is a binary plan file (zip) that cannot be read: truncated or damaged (its zip directory is missing or broken); write it again with `terraform plan -out`");
    }

    [Fact]
    public async Task LoadAsync_ZipWithoutAPlan_SaysItIsNoPlanFile()
    {
        var path = _ws.PathOf("other.zip");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            archive.CreateEntry("readme.txt");
        }

        var error = await Should.ThrowAsync<InvalidInputException>(new PlanSource(new TerraformCli()).LoadAsync(path, PlanOptions.None, shownAs: "other.zip"));

        error.Message.ShouldStartWith("other.zip is a zip archive but not a terraform plan file (it holds no tfplan)");
    }

    [Fact]
    public async Task RegoOnATruncatedBinaryPlan_SaysTheZipIsDamaged_AsPlanSourceDoes()
    {
        _ws.Write("main.tf", "resource \"terraform_data\" \"a\" { input = \"x\" }\n");
        var plan = PlanReader.ReadFile(_ws.PlanJson());
        var bytes = File.ReadAllBytes(_ws.PlanFile());
        File.WriteAllBytes(_ws.PathOf("trunc.bin"), bytes[..(bytes.Length / 2)]);
        Directory.CreateDirectory(_ws.PathOf("bin"));
        File.WriteAllText(_ws.PathOf("bin/opa"), "");
        var policy = new PlanPolicy(_ws.PathOf("trunc.bin"), plan) { RegoDirectory = _ws.Directory, Rego = new RegoRunner(_ws.PathOf("bin")) };
        // The policy rules read neither clock nor ledger.
        var context = new GateContext(TimeProvider.System, null!, Domain.Policies.Policy.Default, _ws.Directory);

        var error = await Should.ThrowAsync<InvalidInputException>(policy.EvaluateAsync(Domain.Policies.Policy.Default, context));

        error.Message.ShouldBe($"{_ws.PathOf("trunc.bin")} is a binary plan file (zip) that cannot be read: truncated or damaged (its zip directory is missing or broken); write it again with `terraform plan -out`");
    }

    public void Dispose() => _ws.Dispose();
}
