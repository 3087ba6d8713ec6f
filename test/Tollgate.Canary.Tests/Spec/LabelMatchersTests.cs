using Tollgate.Canary.Spec;

namespace Tollgate.Canary.Tests.Spec;

/// <summary>
/// A selector's label matchers as PromQL reads them, and which of them only series carrying the label can match: the
/// labels the evaluator asks the source about when a query answers nothing.
/// </summary>
public sealed class LabelMatchersTests
{
    public static TheoryData<string, string[]> Selectors => new()
    {
        { """code=~"5..", app="checkout" """, ["code=~5..", "app=checkout"] },
        { """ code = "500" ,""", ["code=500"] },
        { """path="/a}b", q='it\'s', raw=`C:\dir`""", ["path=/a}b", "q=it's", @"raw=C:\dir"] },
        { """a!="x\"y", b!~"\\d+\n" """, ["a!=x\"y", "b!~\\d+\n"] },
        { """v="\x41\u00e9\101" """, ["v=AéA"] },
        { """" "my.metric", "my.label"="1", on="x" """", ["__name__=my.metric", "my.label=1", "on=x"] },
        { "", [] },
    };

    [Theory]
    [MemberData(nameof(Selectors))]
    public void Parse_WellFormed_EveryMatcherWithItsValueUnquoted(string inside, string[] expected)
    {
        var matchers = LabelMatchers.Parse(inside);

        matchers.ShouldNotBeNull();
        matchers.Select(m => m.Name + m.Op + m.Value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("""code=~"5..""")]
    [InlineData("""code~="5.." """)]
    [InlineData("""code=5""")]
    [InlineData("""code="5" app="x" """)]
    [InlineData("""code="5",,app="x" """)]
    [InlineData("""1code="5" """)]
    public void Parse_NotWellFormed_Null(string inside) => LabelMatchers.Parse(inside).ShouldBeNull();

    [Theory]
    [InlineData("=", "500", false)]
    [InlineData("=", "", true)]
    [InlineData("!=", "200", true)]
    [InlineData("!=", "", false)]
    [InlineData("=~", "5..", false)]
    [InlineData("=~", "5..|", true)]
    [InlineData("=~", ".*", true)]
    [InlineData("=~", ".+", false)]
    [InlineData("!~", "5..", true)]
    [InlineData("!~", "", false)]
    [InlineData("!~", ".*", false)]
    [InlineData("=~", "(?P<x>5..)", true)] // RE2 syntax .NET cannot read: nothing said about it
    public void MatchesEmpty_AsASeriesWithoutTheLabel(string op, string value, bool expected) =>
        new LabelMatcher("code", op, value).MatchesEmpty().ShouldBe(expected);

    [Fact]
    public void SelectedMetrics_Selectors_NameAndOwnMatchersOfEach()
    {
        var selected = SelectedMetrics.Of("""sum(rate(http_requests_total{stauts=~"5..", app="x"}[1m])) / sum(rate({__name__="requests", job!=""}[1m])) + up""");

        selected.Selectors.Select(s => (s.Name, string.Join(",", s.Matchers.Select(m => m.ToString())))).ShouldBe(
            [("http_requests_total", "stauts=~\"5..\",app=\"x\""), ("requests", "job!=\"\""), ("up", "")]);
    }
}
