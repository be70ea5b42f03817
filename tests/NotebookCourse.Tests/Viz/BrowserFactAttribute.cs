using NotebookCourse.Tests.TestUtil;
namespace NotebookCourse.Tests.Viz;

/// <summary>
/// A fact that needs Debian's chromium and the npm plotly.js bundle. Locally it is skipped, with the reason, when
/// either is missing; with CI=true it always runs, so a missing prerequisite fails instead of hiding.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (BrowserEnvironment.IsCi) return;
        var missing = BrowserEnvironment.Missing();
        if (missing.Count > 0) Skip = string.Join("; ", missing) + " (run ./environment/course setup; with CI=true this test fails instead)";
    }
}

/// <summary>Where the browser test finds chromium, plotly.js and the repository.</summary>
internal static class BrowserEnvironment
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Debian's launcher; NOTEBOOKCOURSE_CHROMIUM overrides it (e.g. another distribution's path).</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("NOTEBOOKCOURSE_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    /// <summary>The repository root: the first folder above the test binaries holding NotebookCourse.sln.</summary>
    public static string? RepoRoot => RepoFiles.TryRoot;

    /// <summary>plotly.js as installed by <c>course setup</c> (npm, into .cache/npm).</summary>
    public static string PlotlyJsPath =>
        Path.Combine(RepoRoot ?? ".", ".cache", "npm", "node_modules", "plotly.js-dist-min", "plotly.min.js");

    /// <summary>What is missing, one phrase each (empty when the test can run).</summary>
    public static List<string> Missing()
    {
        var missing = new List<string>();
        if (!File.Exists(ChromiumPath)) missing.Add($"chromium not found at {ChromiumPath} (Debian package chromium)");
        if (!File.Exists(PlotlyJsPath)) missing.Add($"plotly.js not found at {PlotlyJsPath} (npm package plotly.js-dist-min)");
        return missing;
    }
}
