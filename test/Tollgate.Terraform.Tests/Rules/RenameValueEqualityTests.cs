using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Tests.Rules;

/// <summary>Values JsonElement.DeepEquals cannot compare (it throws on an exponent it cannot hold) still pair by value.</summary>
public sealed class RenameValueEqualityTests
{
    [Fact]
    public void Find_HugeExponentInADeleteAndTwoCreates_PairsTheEqualOneWithoutAnError()
    {
        var plan = RenameDetectorScaleTests.Plan(
        [
            RenameDetectorScaleTests.Change("terraform_data.old", "", "old", 0, "delete", """{"input":1e99999999999,"size":{"n":-2.5E+99999999999},"name":"x"}"""),
            RenameDetectorScaleTests.Change("terraform_data.other", "", "other", 0, "create", """{"input":2e99999999999,"size":{"n":-2.5E+99999999998},"name":"x"}"""),
            RenameDetectorScaleTests.Change("terraform_data.new", "", "new", 0, "create", """{"input":10e99999999998,"size":{"n":-25E+99999999998},"name":"x"}"""),
        ]);

        var match = RenameDetector.Find(plan).ShouldHaveSingleItem();
        var findings = new PlanGate().Evaluate(plan);

        match.From.ShouldBe("terraform_data.old");
        match.To.ShouldBe("terraform_data.new", "1e99999999999 equals 10e99999999998, not 2e99999999999");
        match.MatchingAttributes.ShouldBe(["input", "size", "name"], ignoreOrder: true);
        findings.ShouldContain(f => f.Rule == "rename-suspect" && f.Address == "terraform_data.old");
    }

    [Fact]
    public void DeepEquals_HugeExponents_ExactLikeSmallOnes()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""[1e99999999999, 0.1e100000000000, 1e99999999998, -1e99999999999, {"a":[1e99999999999],"b":1}, {"b":1.0,"a":[10e99999999998]}, 1e9999999999999999999999]""");
        var v = doc.RootElement.EnumerateArray().ToArray();

        JsonValues.DeepEquals(v[0], v[1]).ShouldBeTrue();
        JsonValues.DeepEquals(v[0], v[2]).ShouldBeFalse();
        JsonValues.DeepEquals(v[0], v[3]).ShouldBeFalse();
        JsonValues.DeepEquals(v[4], v[5]).ShouldBeTrue();
        JsonValues.DeepEquals(v[6], v[6]).ShouldBeTrue();
        JsonValues.DeepEquals(v[0], v[6]).ShouldBeFalse();
    }
}
