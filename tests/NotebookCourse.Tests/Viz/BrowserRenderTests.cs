using Microsoft.Playwright;
using NotebookCourse.Viz;

namespace NotebookCourse.Tests.Viz;

/// <summary>One headless chromium for the whole class, with a fresh profile that is deleted afterwards.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    public string Folder { get; } = Directory.CreateTempSubdirectory("nc-browser-").FullName;
    public IBrowserContext? Context { get; private set; }

    public async Task InitializeAsync()
    {
        if (BrowserEnvironment.Missing().Count > 0) return; // the facts report it (skip locally, fail under CI)
        // Playwright's node driver ships in the NuGet package; the browser is Debian's, so nothing is downloaded.
        _playwright = await Playwright.CreateAsync();
        Context = await _playwright.Chromium.LaunchPersistentContextAsync(Path.Combine(Folder, "profile"), new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = BrowserEnvironment.ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
            ViewportSize = new ViewportSize { Width = 1000, Height = 800 },
            Timeout = 90_000,
        });
    }

    public async Task DisposeAsync()
    {
        if (Context is not null) await Context.CloseAsync();
        _playwright?.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { /* chromium may still hold a lock file */ }
    }
}

/// <summary>
/// Course figures in a real browser: the saved HTML page draws the chart with plotly.js loaded from disk, and the
/// course's own SVG lays out with a non-zero size and readable (measurable) text.
/// </summary>
public sealed class BrowserRenderTests(ChromiumFixture browser) : IClassFixture<ChromiumFixture>
{
    private static Figure SampleFigure() =>
        Plot.Line([0, 1, 2, 3, 4], [2.3, 1.1, 0.7, 0.5, 0.45], "entrenamiento")
            .Line([0, 1, 2, 3, 4], [2.4, 1.4, 1.0, 0.9, 0.92], "validación", dashed: true)
            .Title("Pérdida por época").XLabel("época").YLabel("pérdida");

    private async Task<(IPage Page, List<string> Errors)> Open(string file)
    {
        var context = browser.Context ?? throw new InvalidOperationException(
            "chromium did not start: " + string.Join("; ", BrowserEnvironment.Missing()));
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        await page.GotoAsync(new Uri(file).AbsoluteUri, new PageGotoOptions { Timeout = 60_000 });
        return (page, errors);
    }

    [BrowserFact]
    public async Task Plotly_page_renders_the_chart_from_the_local_bundle()
    {
        var html = Path.Combine(browser.Folder, "figure.html");
        SampleFigure().Save(html, plotlyJsPath: BrowserEnvironment.PlotlyJsPath);
        var (page, errors) = await Open(html);
        await page.WaitForSelectorAsync(".main-svg", new PageWaitForSelectorOptions { Timeout = 60_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.Plotly === 'object'"), "plotly.js was not loaded from " + BrowserEnvironment.PlotlyJsPath);
        // One drawn line per series, each with a non-trivial path.
        var paths = await page.Locator(".scatterlayer .trace path.js-line").EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('d') || '')");
        Assert.Equal(2, paths.Length);
        Assert.All(paths, d => Assert.True(d.Length > 10, $"trace path too short: '{d}'"));
        // The axes title is an annotation (it also works in subplots); axis titles are Plotly's own.
        Assert.Contains("Pérdida por época", await page.Locator(".annotation-text").AllTextContentsAsync());
        Assert.Equal("época", await page.Locator(".xtitle").TextContentAsync(new LocatorTextContentOptions { Timeout = 5_000 }));
        var legend = await page.Locator(".legendtext").AllTextContentsAsync();
        Assert.Equal(["entrenamiento", "validación"], legend);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [BrowserFact]
    public async Task Course_svg_has_a_size_and_laid_out_text()
    {
        var svgFile = Path.Combine(browser.Folder, "figure.svg");
        SampleFigure().Save(svgFile);
        var (page, errors) = await Open(svgFile);
        var box = await page.EvaluateAsync<double[]>("() => { const r = document.documentElement.getBoundingClientRect(); return [r.width, r.height]; }");
        Assert.True(box[0] > 100 && box[1] > 100, $"the SVG rendered at {box[0]}x{box[1]}");
        // Text that the browser measured: the title and tick labels take up real width.
        var widths = await page.EvaluateAsync<double[]>("() => Array.from(document.querySelectorAll('text')).map(t => t.getBBox().width)");
        Assert.True(widths.Length >= 5, $"only {widths.Length} text elements");
        Assert.True(widths.Count(w => w > 0) >= 5, "text elements have no width: fonts or layout failed");
        var title = await page.EvaluateAsync<string>("() => Array.from(document.querySelectorAll('text')).map(t => t.textContent).find(s => s.includes('poca')) || ''");
        Assert.Equal("Pérdida por época", title);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [BrowserFact]
    public async Task Image_grid_svg_shows_its_embedded_png()
    {
        var images = torch.rand(new[] { 4, 1, 8, 8 }, new torch.Generator(1));
        var svgFile = Path.Combine(browser.Folder, "grid.svg");
        Plot.Images(images, ["Bolso", "Botín", "Camisa", "Jersey"], columns: 4).Save(svgFile);
        var (page, errors) = await Open(svgFile);
        // The embedded PNG decoded: the <image> element has a laid-out box the size of the picture.
        var box = await page.EvaluateAsync<double[]>("() => { const b = document.querySelector('image').getBBox(); return [b.width, b.height]; }");
        Assert.True(box[0] > 50 && box[1] > 20, $"image box {box[0]}x{box[1]}");
        var decoded = await page.EvaluateAsync<bool>(@"async () => {
            const href = document.querySelector('image').getAttribute('href') || document.querySelector('image').getAttribute('xlink:href');
            const img = new Image(); img.src = href; await img.decode(); return img.naturalWidth > 0 && img.naturalHeight > 0; }");
        Assert.True(decoded, "the embedded PNG did not decode in the browser");
        Assert.Empty(errors);
        await page.CloseAsync();
    }
}
