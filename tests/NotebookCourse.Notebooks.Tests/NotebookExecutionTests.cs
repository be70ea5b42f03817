using NotebookCourse.Kernel.Runner;

namespace NotebookCourse.Notebooks.Tests;

/// <summary>Executes every notebook of notebooks/ in fast mode through the same code as <c>course run --fast</c>.</summary>
public sealed class NotebookExecutionTests
{
    private static string Root =>
        RepoPaths.FindRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"no {RepoPaths.SolutionFile} above {AppContext.BaseDirectory}");

    /// <summary>
    /// One row per notebook. A missing notebooks/ folder fails here instead of yielding no rows, and an empty folder
    /// makes xunit report "No data found" (a failure), so this test cannot pass without running notebooks.
    /// </summary>
    public static TheoryData<string> Notebooks()
    {
        string dir = Path.Combine(Root, "notebooks");
        Assert.True(Directory.Exists(dir), $"the notebooks folder {dir} does not exist");
        var data = new TheoryData<string>();
        foreach (var path in RepoPaths.ExpandNotebooks([dir])) data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_runs_in_fast_mode(string notebook)
    {
        var result = await NotebookRunner.RunAsync(Path.Combine(Root, "notebooks", notebook), new RunOptions
        {
            Parameters = new Dictionary<string, string> { ["fast"] = "true" },
            OutDirectory = Path.Combine(Root, "artifacts", "executed"),
            CellTimeout = TimeSpan.FromSeconds(120),
        });
        Assert.True(result.Passed, result.Describe());
    }
}
