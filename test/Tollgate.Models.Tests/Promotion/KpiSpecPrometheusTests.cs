using Tollgate.Domain;
using Tollgate.Models.Promotion;

namespace Tollgate.Models.Tests.Promotion;

/// <summary>The <c>prometheus:</c> section of a KPI spec: read into queries, and every mistake named.</summary>
public sealed class KpiSpecPrometheusTests
{
    private const string Valid = """
        kpi: revenue
        direction: higher
        maxDropAbsolute: 0.05
        prometheus:
          url: http://prom:9090
          window: 30m
          requests: 'sum(increase(req_total{version="{{version}}"}[{{window}}]))'
          total: 'sum(increase(revenue_sum{version="{{version}}"}[{{window}}]))'
          totalSquares: 'sum(increase(revenue_sq_sum{model="{{model}}",version="{{version}}"}[{{window}}]))'
        """;

    private static KpiSpec Load(string text)
    {
        using var dir = new TempDirectory();
        var path = dir.File("kpi.yaml");
        File.WriteAllText(path, text);
        return KpiSpecLoader.Load(path, "kpi.yaml");
    }

    [Fact]
    public void Load_PrometheusSection_ReadsQueriesWithoutAColumn()
    {
        var spec = Load(Valid);

        var queries = spec.Prometheus.ShouldNotBeNull();
        queries.Window.ShouldBe(TimeSpan.FromMinutes(30));
        queries.Url.ShouldBe(new Uri("http://prom:9090"));
        KpiQueries.Render(queries.TotalSquares!, "shop", "7", queries.Window).ShouldBe("sum(increase(revenue_sq_sum{model=\"shop\",version=\"7\"}[30m]))");
    }

    [Fact]
    public void Render_VersionWithQuoteOrBackslash_StaysOneLabelValue()
    {
        var query = KpiQueries.Render("sum(req_total{model=\"{{model}}\",version=\"{{version}}\"})", "sh\\op", "9\",version=~\".+", TimeSpan.FromMinutes(5));

        query.ShouldBe("sum(req_total{model=\"sh\\\\op\",version=\"9\\\",version=~\\\".+\"})");
    }

    [Theory]
    [InlineData("window: 30m", "window: soon", "prometheus.window 'soon' is not a Prometheus duration")]
    [InlineData("[{{window}}]))'\n  total", "[{{interval}}]))'\n  total", "uses {{interval}}")]
    [InlineData("req_total{version=\"{{version}}\"}[{{window}}]", "req_total[1h]", "does not name the version")]
    [InlineData("  url: http://prom:9090\n", "  url: http://prom:9090\n  step: 1m\n", "unknown key 'prometheus.step'")]
    [InlineData("  window: 30m\n", "", "'prometheus.window' is required")]
    [InlineData("  window: 30m", "  windwo: 30m", "unknown key 'prometheus.windwo'; did you mean 'window'?")]
    [InlineData("maxDropAbsolute:", "maxdropabsolut:", "unknown key 'maxdropabsolut'; did you mean 'maxDropAbsolute'?")]
    [InlineData("maxDropAbsolute:", "allowedLoss:", "unknown key 'allowedLoss' (expected one of: kpi, column, direction, maxDrop,")]
    public void Load_BadPrometheusSection_NamesTheMistake(string from, string to, string message)
    {
        var text = Valid.Replace(from, to, StringComparison.Ordinal);
        text.ShouldNotBe(Valid);

        var error = Should.Throw<InvalidInputException>(() => Load(text));

        error.Message.ShouldContain(message);
    }

    [Theory]
    [InlineData("maxDrop: 0.01\nmaxDropAbsolute: 0.002\n", "kpi.yaml: maxDrop and maxDropAbsolute both say how much approved may drop: give one (maxDrop a share of the live value, maxDropAbsolute an amount)")]
    [InlineData("", "kpi.yaml: how much approved may drop is missing: give maxDrop (a share of the live value, e.g. 0.01) or maxDropAbsolute (an amount)")]
    [InlineData("maxDrop: 0\n", "kpi.yaml: maxDrop: 0 allows no loss at all, so only a candidate shown better than the live one could be promoted (an equal one holds for ever) and the tests have no scale (their τ is the allowed loss): give the smallest loss that does not matter, e.g. maxDrop: 0.01 (1% of the live value)")]
    [InlineData("maxDropAbsolute: 0.0\n", "kpi.yaml: maxDropAbsolute: 0 allows no loss at all, so only a candidate shown better than the live one could be promoted (an equal one holds for ever) and the tests have no scale (their τ is the allowed loss): give the smallest loss that does not matter, e.g. maxDropAbsolute: 0.001")]
    [InlineData("maxDrop: 0.01\nversionColumn: approved\n", "kpi.yaml: column and versionColumn are both 'approved': the KPI's column cannot be the one naming each request's version")]
    [InlineData("maxDrop: 0.01\nsliceBy: [region, approved]\n", "kpi.yaml: sliceBy names 'approved', the KPI's column: slice by the columns that segment the traffic, such as region")]
    [InlineData("maxDrop: 0.01\nsliceBy: [model_version]\n", "kpi.yaml: sliceBy names 'model_version', the version column: slice by the columns that segment the traffic, such as region")]
    public void Load_SaidTwiceOrNotAtAll_NamesTheMistake(string rest, string message)
    {
        // Both losses: the absolute one was used unsaid; neither: a loss of 0, so every canary held for ever.
        var error = Should.Throw<InvalidInputException>(() => Load("kpi: approved\ncolumn: approved\ndirection: higher\n" + rest));

        error.Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("alpha: 5\n", "kpi.yaml:5: 'alpha: 5' must be a number from 0.000000001 to 0.5")]
    [InlineData("alpha: often\n", "kpi.yaml:5: 'alpha: often' must be a number from 0.000000001 to 0.5")]
    [InlineData("minSamples: 1e10\n", "kpi.yaml:5: 'minSamples: 1e10' must be a number from 2 to 1000000000")]
    public void Load_NumberOutOfRange_NamesTheLineAndTheRangeAsWritten(string rest, string message)
    {
        // The range as a person writes it: before, 'from 1E-09 to 0.5' and 'from 0 to 1.7976931348623157E+308', no line.
        var error = Should.Throw<InvalidInputException>(() => Load("kpi: approved\ncolumn: approved\ndirection: higher\nmaxDrop: 0.01\n" + rest));

        error.Message.ShouldBe(message);
    }

    [Fact]
    public void Load_NegativeAmount_SaysAtLeastZero()
    {
        var error = Should.Throw<InvalidInputException>(() => Load(Valid.Replace("maxDropAbsolute: 0.05", "maxDropAbsolute: -0.01", StringComparison.Ordinal)));

        error.Message.ShouldBe("kpi.yaml:3: 'maxDropAbsolute: -0.01' must be a number of at least 0");
    }

    [Fact]
    public void Load_TextThatIsNotYaml_SaysSoWithLineAndColumn_AsEveryYamlInput()
    {
        var error = Should.Throw<InvalidInputException>(() => Load("kpi: revenue\ndirection: [higher\n"));

        error.Message.ShouldStartWith("kpi.yaml:3:1: not valid YAML: ");
        error.Message.ShouldNotContain("\n");
    }

    [Fact]
    public void Read_DvcLockThatIsNotYaml_SaysSoWithLineAndColumn()
    {
        using var dir = new TempDirectory();
        var path = dir.File("dvc.lock");
        File.WriteAllText(path, "schema: '2.0'\nstages:\n  train: {outs: [\n");

        var error = Should.Throw<InvalidInputException>(() => Models.Lineage.DvcLock.Read(path, "dvc.lock"));

        error.Message.ShouldStartWith("dvc.lock:4:1: not valid YAML: ");
    }

    [Fact]
    public void Moments_ProportionAndMean_MatchTheSampleFormulas()
    {
        // 0/1 KPI: 30 of 100 → p 0.3, variance p(1−p)·n/(n−1).
        var (n, p, v) = new KpiArm(100, 30, 0).Moments(proportion: true);
        (n, p).ShouldBe((100, 0.3));
        v.ShouldBe(0.3 * 0.7 * 100 / 99, 1e-12);

        // values 1, 2, 3, 4: mean 2.5, sample variance 5/3.
        var (m, mean, variance) = new KpiArm(4, 10, 30).Moments(proportion: false);
        (m, mean).ShouldBe((4, 2.5));
        variance.ShouldBe(5.0 / 3, 1e-12);
    }
}
