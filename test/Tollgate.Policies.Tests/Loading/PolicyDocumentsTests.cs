using Tollgate.Cli.Hosting;
using Tollgate.Domain;
using Tollgate.Policies.Loading;

namespace Tollgate.Policies.Tests.Loading;

/// <summary>
/// A policy is one YAML document: a second one after <c>---</c> was dropped unread, so <c>requireApprovals: 3</c> below
/// a stray separator asked for one approval. Empty documents around the one that holds the policy are passed over.
/// </summary>
public sealed class PolicyDocumentsTests
{
    private static int Approvals(string yaml) => PolicyReader.Parse(yaml, "tollgate.yaml", Pillars.Vocabulary).RequireApprovals;

    [Theory]
    [InlineData("---\n---\nrequireApprovals: 3\n")]
    [InlineData("requireApprovals: 3\n---\n")]
    [InlineData("---\nrequireApprovals: 3\n...\n---\n...\n")]
    [InlineData("# a comment\n---\nrequireApprovals: 3\n")]
    public void Parse_OneDocumentAmongEmptyOnes_IsThePolicy(string yaml) =>
        Approvals(yaml).ShouldBe(3);

    [Theory]
    [InlineData("requireApprovals: 1\n---\nrequireApprovals: 3\n", "tollgate.yaml:3:1: a second YAML document starts here")]
    [InlineData("---\nfailOn: high\n---\n---\nrequireApprovals: 3\n", "tollgate.yaml:5:1: a second YAML document starts here")]
    [InlineData("failOn: high\n--- \"text\"\n", "tollgate.yaml:2:5: a second YAML document starts here")]
    public void Parse_TwoDocumentsThatHoldSomething_RefusedWhereTheSecondStarts(string yaml, string expected)
    {
        var error = Should.Throw<InvalidInputException>(() => Approvals(yaml));

        error.Message.ShouldStartWith(expected);
        error.Message.ShouldNotContain("\n");
    }
}
