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

    [Fact]
    public void Read_PlanCutShort_IsAlwaysAnError()
    {
        var end = Array.LastIndexOf(Seed, (byte)'}');
        Fuzz.Cut(end + 1).Sample(
            cut => Should.Throw<InvalidInputException>(() => PlanReader.Read(new MemoryStream(Seed, 0, cut), "fuzz.json")),
            iter: Fuzz.Iterations(200));
    }
}
