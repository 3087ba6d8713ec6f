using Tollgate.Domain.Registry;
using Tollgate.Models.Registry;

namespace Tollgate.Models.Tests.Registry;

public sealed class VersionContentTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly ModelVersion Recorded = new("q", "1", "sha256:a", At)
    {
        RunId = "r1",
        CodeCommit = "abc",
        Params = """{"lr":0.1,"depth":3}""",
        Datasets = [new DatasetInput("sha256:d2", "b.csv"), new DatasetInput("sha256:d1", "a.csv")],
    };

    private const VersionPart All = VersionPart.Artifact | VersionPart.Run | VersionPart.Datasets | VersionPart.CodeCommit | VersionPart.Params | VersionPart.Metrics;

    [Fact]
    public void Differences_SameContentOtherwiseWritten_IsNone()
    {
        // Datasets in another order and at other paths, parameters with other spacing and key order, no claims left out.
        var given = new ModelVersion("q", "1", "sha256:a", At.AddDays(1))
        {
            RunId = "r1",
            Params = """{ "depth": 3, "lr": 0.1 }""",
            Datasets = [new DatasetInput("sha256:d1", "x/a.csv"), new DatasetInput("sha256:d2", "x/b.csv")],
        };

        VersionContent.Differences(Recorded, given, All).ShouldBeEmpty();
    }

    [Fact]
    public void Differences_EveryPartOther_ListsThePartsAskedForInOrder()
    {
        var given = new ModelVersion("q", "1", "sha256:b", At)
        {
            CodeCommit = "def",
            Params = """{"lr":0.9}""",
            Metrics = """{"auc":0.9}""",
            Datasets = [new DatasetInput("sha256:d3", "c.csv")],
        };

        VersionContent.Differences(Recorded, given, All).ShouldBe(
        [
            new VersionDifference(VersionPart.Artifact, "sha256:a", "sha256:b"),
            new VersionDifference(VersionPart.Run, "r1", null),
            new VersionDifference(VersionPart.Datasets, "sha256:d1, sha256:d2", "sha256:d3"),
            new VersionDifference(VersionPart.CodeCommit, "abc", "def"),
            new VersionDifference(VersionPart.Params, """{"lr":0.1,"depth":3}""", """{"lr":0.9}"""),
            new VersionDifference(VersionPart.Metrics, null, """{"auc":0.9}"""),
        ]);
        VersionContent.Differences(Recorded, given, VersionContent.Identity).Select(d => d.Part).ShouldBe([VersionPart.Artifact, VersionPart.Datasets]);
        VersionContent.Differences(Recorded, given with { Datasets = [] }, VersionPart.Datasets).ShouldBe([new VersionDifference(VersionPart.Datasets, "sha256:d1, sha256:d2", null)]);
    }
}
