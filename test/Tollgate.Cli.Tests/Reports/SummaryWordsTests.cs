using Tollgate.Cli.Reports;

namespace Tollgate.Cli.Tests.Reports;

public sealed class SummaryWordsTests
{
    [Theory]
    [InlineData("slices", 1, "1 slice")]
    [InlineData("slices", 0, "0 slices")]
    [InlineData("datasets", 1, "1 dataset")]
    [InlineData("models", 1, "1 model")]
    [InlineData("versions", 2, "2 versions")]
    [InlineData("dataSources", 1, "1 data source")]
    [InlineData("dataSources", 0, "0 data sources")]
    [InlineData("cycles", 1, "1 cycle")]
    [InlineData("applySteps", 1, "1 apply step")]
    [InlineData("aliases", 1, "1 alias")]
    [InlineData("flaggerCanaries", 1, "1 flagger canary")]
    [InlineData("series", 1, "1 series")]
    [InlineData("judged", 1, "1 judged")]
    [InlineData("pass", 1, "1 pass")]
    [InlineData("withoutLineage", 1, "1 without lineage")]
    [InlineData("hookExit", 0, "hook exit 0")]
    [InlineData("criticalPath", 2, "critical path 2")]
    [InlineData("nonInferior", 3, "3 non-inferior")]
    [InlineData("trend", 1, "1 trend")]
    [InlineData("trend", 0, "0 trends")]
    public void Of_SummaryKey_InWordsAndNumber(string key, long value, string words)
    {
        SummaryWords.Of(key, value).ShouldBe(words);
    }
}
