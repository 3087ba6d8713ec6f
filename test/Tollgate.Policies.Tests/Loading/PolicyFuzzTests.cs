using CsCheck;
using Tollgate.Domain;
using Tollgate.Policies.Loading;
using Tollgate.Testing;

namespace Tollgate.Policies.Tests.Loading;

/// <summary>Mutated policies: a policy or a line-numbered input error, never another exception.</summary>
public sealed class PolicyFuzzTests
{
    [Theory]
    [InlineData("tollgate.yaml")]
    [InlineData("no-db-delete.yaml")]
    [InlineData("approvers.yaml")]
    public void Parse_MutatedPolicy_PolicyOrInputError(string example) =>
        Fuzz.Mutations(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", example))).Sample(
            text =>
            {
                try
                {
                    PolicyReader.Parse(text, "tollgate.yaml", Tollgate.Cli.Hosting.Pillars.Vocabulary);
                }
                catch (InvalidInputException e)
                {
                    e.Message.ShouldStartWith("tollgate.yaml:");
                }
            },
            iter: Fuzz.Iterations(100));
}
