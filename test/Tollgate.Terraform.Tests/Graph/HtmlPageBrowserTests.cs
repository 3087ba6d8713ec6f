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

    [Fact]
    public async Task Search_ManyMatchesOrNone_SaysHowManyAreShownOrNoMatch()
    {
        // Before: the list stopped at 50 without a word, and a search matching nothing showed nothing.
        var file = Path.Combine(Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-page-").FullName, "graph.html");
        await File.WriteAllTextAsync(file, HtmlPage.Write(Synthetic(modules: 40, perModule: 250), "synthetic"));
        await using var session = await OpenAsync(file);
        var page = session.Page;

        await page.FillAsync("#search", "R01");
        (await page.Locator("#results li.note").TextContentAsync()).ShouldBe("50 of 400 shown: refine the search");
        (await page.Locator("#results li:not(.note)").CountAsync()).ShouldBe(50);
        await page.FillAsync("#search", "m07.terraform_data.r017");
        (await page.Locator("#results li").AllTextContentsAsync()).ShouldBe(["module.m07.terraform_data.r017"]);
        await page.FillAsync("#search", "no-such-address");
        (await page.Locator("#results li").AllTextContentsAsync()).ShouldBe(["no match"]);
        (await page.IsVisibleAsync("#results")).ShouldBeTrue();
        await page.FillAsync("#search", "");
        (await page.IsVisibleAsync("#results")).ShouldBeFalse();
    }

    [Fact]
    public async Task Details_BlastRadius_ListedInNaturalOrder()
    {
        // Before: sorted as strings, r1, r10, r11, r12, r2, …
        var builder = new GraphBuilder();
        builder.Node("terraform_data.hub");
        for (var r = 1; r <= 12; r++)
        {
            builder.Edge(builder.Node($"terraform_data.r{r}"), 0, EdgeKind.Reference);
        }

        var analysis = new GraphAnalysis(new GraphModel { Graph = builder.Build() }, ChangeSet.FromLines([]), new GraphThresholds());
        var file = Path.Combine(Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-page-").FullName, "graph.html");
        await File.WriteAllTextAsync(file, HtmlPage.Write(analysis, "natural"));
        await using var session = await OpenAsync(file);

        (await session.Page.EvaluateAsync<string>("() => window.tollgate.selectName('terraform_data.hub')")).ShouldBe("12");
        (await session.Page.Locator("#blast li").AllTextContentsAsync()).ShouldBe(Enumerable.Range(1, 12).Select(r => $"terraform_data.r{r}").ToList());
    }

    [Fact]
    public async Task Boxes_PlanWithNestedModules_ShowEachResourcesFullAddress()
    {
        // Before: a resource's box read its name inside its module only, so module.svc.terraform_data.primary and
        // module.svc.module.db.terraform_data.primary were both boxes reading terraform_data.primary.
        using var ws = new Tollgate.Testing.TerraformWorkspace("page-modules");
        ws.Write("modules/db/main.tf", "resource \"terraform_data\" \"primary\" {\n  input = \"db\"\n}\n")
            .Write("modules/svc/main.tf", "resource \"terraform_data\" \"primary\" {\n  input = \"svc\"\n}\n\nmodule \"db\" {\n  source = \"../db\"\n}\n")
            .Write("main.tf", "resource \"terraform_data\" \"primary\" {\n  input = \"root\"\n}\n\nmodule \"svc\" {\n  source   = \"./modules/svc\"\n  for_each = toset([\"a\", \"b\"])\n}\n");
        var loaded = await new GraphLoader(new Tollgate.Terraform.Running.TerraformCli()).LoadAsync(ws.PlanJson());
        var analysis = new GraphAnalysis(loaded.Model, loaded.Changes, new GraphThresholds());
        var file = Path.Combine(Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-page-").FullName, "graph.html");
        await File.WriteAllTextAsync(file, HtmlPage.Write(analysis, "modules"));
        await using var session = await OpenAsync(file);

        string[] addresses = ["module.svc.module.db.terraform_data.primary", "module.svc.terraform_data.primary", "terraform_data.primary"];
        (await session.Page.Locator(".node:not(.group) > text").AllTextContentsAsync()).Order(StringComparer.Ordinal).ShouldBe(addresses);
        (await session.Page.Locator(".node:not(.group) > title").AllTextContentsAsync()).Order(StringComparer.Ordinal).ShouldBe(addresses);
        var widths = await session.Page.EvaluateAsync<double[]>("() => [...document.querySelectorAll('.node:not(.group)')].map(g => g.querySelector('rect').getBBox().width - g.querySelector('text').getComputedTextLength())");
        widths.ShouldAllBe(room => room > 0, "each box holds its whole address");
    }

    private static async Task<BrowserSession> OpenAsync(string file)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await page.GotoAsync("file://" + file);
        return new BrowserSession(playwright, browser, page);
    }

    private sealed record BrowserSession(IPlaywright Playwright, IBrowser Browser, IPage Page) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            Playwright.Dispose();
        }
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
