using Tollgate.Domain;
using Tollgate.Terraform.Running;

namespace Tollgate.Terraform.Tests.Running;

/// <summary>Terraform's plan text given where its JSON goes is named as such, not reported as broken JSON.</summary>
public sealed class HumanReadablePlanTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-textplan-").FullName;

    [Theory]
    [InlineData("terraform_data.cbd: Refreshing state... [id=c7bee55e]\n\nTerraform used the selected providers to generate the following execution\nplan.\n")]
    [InlineData("\nTerraform used the selected providers to generate the following execution\nplan. Resource actions are indicated with the following symbols:\n  ~ update in-place\n")]
    [InlineData("\u001b[0m\u001b[1mterraform_data.a: Refreshing state... [id=1]\u001b[0m\n")]
    public async Task LoadAsync_TerraformPlanText_SaysItIsTheHumanReadableOutput(string text)
    {
        var path = Path.Combine(_directory, "plan.txt");
        await File.WriteAllTextAsync(path, text);

        var error = await Should.ThrowAsync<InvalidInputException>(new PlanSource(new TerraformCli()).LoadAsync(path, PlanOptions.None, shownAs: "plan.txt"));

        error.Message.ShouldBe(HumanReadablePlan.Refusal(path));
        error.Message.ShouldContain("terraform show -json");
    }

    [Fact]
    public async Task LoadAsync_OtherText_StillNotValidJson()
    {
        var path = Path.Combine(_directory, "notes.txt");
        await File.WriteAllTextAsync(path, "hello\n");

        var error = await Should.ThrowAsync<InvalidInputException>(new PlanSource(new TerraformCli()).LoadAsync(path, PlanOptions.None, shownAs: "notes.txt"));

        error.Message.ShouldStartWith($"{path} is not valid JSON");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
