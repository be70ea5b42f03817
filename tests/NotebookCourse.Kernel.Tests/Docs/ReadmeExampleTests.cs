using System.Text.RegularExpressions;
using NotebookCourse.Kernel.Runner;
using NotebookCourse.Kernel.Tests.Session;

namespace NotebookCourse.Kernel.Tests.Docs;

/// <summary>The README's engine example must keep compiling and training: it is what newcomers copy first.</summary>
public class ReadmeExampleTests(SessionFixture fixture) : IClassFixture<SessionFixture>
{
    [Fact]
    public async Task Engine_section_example_runs_one_training_step()
    {
        var readme = File.ReadAllText(Path.Combine(FindRepoRoot(), "README.md"));
        var section = readme[readme.IndexOf("## Engine", StringComparison.Ordinal)..];
        var code = Regex.Match(section, "```csharp\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("loss.backward()", code);

        var (result, observer) = await fixture.Run(code);

        Assert.True(result.Succeeded, "README example failed: " + string.Join("\n", observer.Traceback));
        var m = Regex.Match(observer.Stdout, @"loss (\d+\.\d+)");
        Assert.True(m.Success, "README example printed: " + observer.Stdout);
        double loss = double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(loss, 1.5, 4.0); // cross-entropy of 10 random classes starts near ln 10 = 2.30
    }

    private static string FindRepoRoot() =>
        RepoPaths.FindRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"no {RepoPaths.SolutionFile} above {AppContext.BaseDirectory}");
}
