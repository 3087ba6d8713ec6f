using Microsoft.Playwright;
using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Graph.Pictures;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>The interactive page in the real headless Chromium (Debian's /usr/bin/chromium; no browser download).</summary>
public sealed class HtmlPageBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Page_TenThousandNodes_OpensCollapsedByModuleAndShowsTheBlastRadiusOfAClickedNode()
    {
        File.Exists(Chromium).ShouldBeTrue("eng/test.d/graph.sh installs chromium");
        var analysis = Synthetic(modules: 40, perModule: 250);
        var hub = analysis.Graph.IndexOf("module.m00.terraform_data.r000");
        var expected = BlastRadius.Of(analysis.Graph, analysis.Components, [hub]).Sizes[0];
        var file = Path.Combine(Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-page-").FullName, "graph.html");
        await File.WriteAllTextAsync(file, HtmlPage.Write(analysis, "synthetic"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var external = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith("file:", StringComparison.Ordinal))
            {
                external.Add(request.Url);
            }
        };
        await page.GotoAsync("file://" + file);

        var stats = await page.TextContentAsync("#stats");
        stats.ShouldStartWith("10000 nodes");
        var collapsed = await page.EvaluateAsync<int>("() => window.tollgate.visibleBoxes");
        collapsed.ShouldBe(40, "one box per module");

        await page.FillAsync("#search", "m00.terraform_data.r000");
        (await page.Locator("#results li").First.TextContentAsync()).ShouldBe("module.m00.terraform_data.r000");
        await page.Locator("#results li").First.ClickAsync();
        (await page.TextContentAsync("#blast-count")).ShouldBe(expected.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await page.Locator("#dependents li").CountAsync()).ShouldBeGreaterThan(100);
        var opened = await page.EvaluateAsync<int>("() => window.tollgate.visibleBoxes");
        opened.ShouldBeGreaterThan(collapsed, "the searched node's module opened");

        var before = await page.GetAttributeAsync("#viewport", "transform");
        await page.ClickAsync("#zoom-in");
        (await page.GetAttributeAsync("#viewport", "transform")).ShouldNotBe(before);
        await page.ClickAsync("#collapse-all");
        (await page.EvaluateAsync<int>("() => window.tollgate.visibleBoxes")).ShouldBe(40);
        external.ShouldBeEmpty("the page is self-contained");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.ChangeExtension(file, ".png") });
    }

    /// <summary>A seeded graph: each module has a chain and random references; module m00's first resource is a hub.</summary>
    private static GraphAnalysis Synthetic(int modules, int perModule)
    {
        var random = new Random(7);
        var builder = new GraphBuilder();
        for (var m = 0; m < modules; m++)
        {
            for (var r = 0; r < perModule; r++)
            {
                builder.Node($"module.m{m:00}.terraform_data.r{r:000}");
            }
        }

        var total = modules * perModule;
        for (var n = 1; n < total; n++)
        {
            builder.Edge(n, random.Next(n), EdgeKind.Reference);
            if (n % 5 == 0)
            {
                builder.Edge(n, 0, EdgeKind.Reference);
            }
        }

        var model = new GraphModel { Graph = builder.Build() };
        return new GraphAnalysis(model, ChangeSet.FromLines(["module.m01.terraform_data.r010"]), new GraphThresholds());
    }
}
