using CsCheck;
using Tollgate.Domain;
using Tollgate.Terraform.Plan;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Plan;

/// <summary>Mutated plans: a plan or an input error, never another exception; a plan cut short is never read.</summary>
public sealed class PlanFuzzTests
{
    private static readonly byte[] Seed = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "plans", "mixed.json"));

    [Fact]
    public void Read_MutatedPlan_PlanOrInputError() =>
        Fuzz.Mutations(Seed).Sample(
            bytes =>
            {
                try
                {
                    PlanReader.Read(new MemoryStream(bytes), "fuzz.json");
                }
                catch (InvalidInputException)
                {
                }
            },
            iter: Fuzz.Iterations(400));

    [Theory]
    [InlineData("""{"resources":[[1]]}""")]
    [InlineData("""{"resources":[{"address":"a.b","expressions":[1],"count_expression":{"references":["x"]}}]}""")]
    [InlineData("""{"outputs":{"o":[1]}}""")]
    [InlineData("""{"module_calls":{"m":[1]}}""")]
    [InlineData("""{"module_calls":{"m":{"module":[1],"expressions":{"x":[{"references":["var.y"]}]}}}}""")]
    public void Read_ConfigurationEntriesThatAreNotObjects_AreReadNotAnInternalError(string rootModule)
    {
        // A mutated plan (CsCheck seed 4ANW5NBtgXA3) with an array where the configuration has an object threw
        // InvalidOperationException from inside the reader: an internal error for the user.
        var json = """{"format_version":"1.2","terraform_version":"1.11.0","resource_changes":[],"configuration":{"root_module":""" + rootModule + "}}";

        Should.NotThrow(() => PlanReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "hand.json"));
    }

    [Fact]
    public void Read_PlanCutShort_IsAlwaysAnError()
    {
        var end = Array.LastIndexOf(Seed, (byte)'}');
        Fuzz.Cut(end + 1).Sample(
            cut => Should.Throw<InvalidInputException>(() => PlanReader.Read(new MemoryStream(Seed, 0, cut), "fuzz.json")),
            iter: Fuzz.Iterations(200));
    }
}
