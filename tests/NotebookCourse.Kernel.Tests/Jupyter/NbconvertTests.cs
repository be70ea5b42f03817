using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotebookCourse.Kernel.Ipynb;
using NotebookCourse.Kernel.Parameters;
using NotebookCourse.Kernel.Runner;
using Xunit.Abstractions;

namespace NotebookCourse.Kernel.Tests.Jupyter;

/// <summary>
/// <c>jupyter nbconvert --execute</c> through the installed kernel produces the same text outputs as the headless
/// runner for the same notebook: a small notebook written here, and the course's notebooks 00 and 01 when present.
/// </summary>
public class NbconvertTests(InstalledKernel kernel, ITestOutputHelper output) : IClassFixture<InstalledKernel>
{
    [NbconvertFact]
    public async Task Nbconvert_through_the_kernel_matches_the_headless_runner()
    {
        var dir = Directory.CreateTempSubdirectory("nbc-nbconvert-").FullName;
        try
        {
            var nb = Notebook.CreateCourseNotebook();
            nb.Cells.Add(NotebookCell.Code("using NotebookCourse;\nusing NotebookCourse.Tensors;\nusing static NotebookCourse.torch;"));
            nb.Cells.Add(NotebookCell.Code("bool fast = false;", "parameters"));
            nb.Cells.Add(NotebookCell.Markdown("Text between cells."));
            nb.Cells.Add(NotebookCell.Code("torch.manual_seed(0);\nvar w = torch.randn(2, 3);\nw"));
            nb.Cells.Add(NotebookCell.Code("Console.WriteLine(\"hello\");\nConsole.Error.WriteLine(\"warn\");\nConsole.WriteLine(fast);\n6 * 7"));
            nb.Cells.Add(NotebookCell.Code("var h = display(\"step 0\");\nfor (int i = 1; i <= 3; i++) h.Update($\"step {i}\");\ndisplay(w.sum());"));
            nb.Cells.Add(NotebookCell.Code("   "));
            nb.Cells.Add(NotebookCell.Code("var m = w.mean().item<float>();\nthrow new InvalidOperationException($\"stop here\");"));
            var path = Path.Combine(dir, "small.ipynb");
            NotebookFile.Write(nb, path);

            var (viaKernel, viaRunner) = await ExecuteBothWays(path, dir);
            var expected = Texts(viaRunner);
            AssertSameOutputs(expected, Texts(viaKernel));
            // Guard against both sides being empty or both failing early: the last code cell's error must be there.
            Assert.Contains("InvalidOperationException: stop here", expected[^1]);
            Assert.Contains("step 3", expected[4]);
            Assert.DoesNotContain("step 0", expected[4]);
            Assert.Equal(viaRunner.Cells.Select(c => c.ExecutionCount), viaKernel.Cells.Select(c => c.ExecutionCount));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [CourseNotebooksFact]
    public async Task Nbconvert_executes_course_notebooks_00_and_01_like_the_headless_runner()
    {
        var fast = new Dictionary<string, string> { ["fast"] = "true" };
        foreach (var source in CourseNotebooksFactAttribute.Find())
        {
            var name = Path.GetFileName(source);
            var dir = Directory.CreateTempSubdirectory("nbc-nbconvert-").FullName;
            try
            {
                // nbconvert cannot inject parameters: it reads a copy with fast=true injected from stdin and runs the
                // kernel in notebooks/, where the runner runs it too, so relative paths mean the same to both.
                var nb = NotebookFile.Read(source);
                ParameterInjector.Inject(nb, fast, name);
                var args = new[]
                {
                    "-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=notebookcourse",
                    "--ExecutePreprocessor.timeout=600", "--stdin", "--stdout",
                };
                var (code, stdout, stderr) = Tools.Run(JupyterClientFactAttribute.Python, args, Path.GetDirectoryName(source)!,
                    kernel.Environment(), 560, NotebookFile.Serialize(nb));
                output.WriteLine(stderr);
                Assert.True(code == 0, $"jupyter nbconvert --execute {name} failed (exit {code}):\n{stderr}");
                var viaKernel = NotebookFile.Parse(stdout, $"nbconvert output of {name}");

                var result = await NotebookRunner.RunAsync(source, new RunOptions { OutDirectory = dir, Parameters = fast });
                Assert.True(result.Passed, result.Describe());
                var viaRunner = NotebookFile.Read(Path.Combine(dir, name));
                AssertSameOutputs(Texts(viaRunner).Select(Normalize).ToList(), Texts(viaKernel).Select(Normalize).ToList());
            }
            finally { Directory.Delete(dir, recursive: true); }
        }
    }

    /// <summary>nbconvert (errors kept as outputs, like the runner) and the headless runner on the same file.</summary>
    private async Task<(Notebook ViaKernel, Notebook ViaRunner)> ExecuteBothWays(string path, string dir)
    {
        var kernelOut = Path.Combine(dir, "kernel");
        string[] args =
        [
            "-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=notebookcourse",
            "--ExecutePreprocessor.timeout=600", "--allow-errors", "--output-dir", kernelOut, path,
        ];
        var (code, stdout, stderr) = Tools.Run(JupyterClientFactAttribute.Python, args, dir, kernel.Environment(), 560);
        output.WriteLine(stderr);
        Assert.True(code == 0, $"jupyter nbconvert --execute {Path.GetFileName(path)} failed (exit {code}):\n{stdout}\n{stderr}");

        var runnerOut = Path.Combine(dir, "runner");
        await NotebookRunner.RunAsync(path, new RunOptions { OutDirectory = runnerOut });
        var name = Path.GetFileName(path);
        return (NotebookFile.Read(Path.Combine(kernelOut, name)), NotebookFile.Read(Path.Combine(runnerOut, name)));
    }

    private void AssertSameOutputs(List<string> runner, List<string> kernel)
    {
        Assert.Equal(runner.Count, kernel.Count);
        for (int i = 0; i < runner.Count; i++)
        {
            if (runner[i] == kernel[i]) continue;
            output.WriteLine($"code cell {i + 1}: headless runner\n{runner[i]}\n---- kernel via nbconvert\n{kernel[i]}");
            Assert.Equal(runner[i], kernel[i]);
        }
    }

    /// <summary>Per code cell: the text/plain of every output (streams merged per name), errors as "ename: evalue" plus traceback.</summary>
    private static List<string> Texts(Notebook nb) => nb.Cells.Where(c => c.IsCode).Select(c =>
    {
        var streams = new Dictionary<string, string>();
        var rest = new List<string>();
        foreach (var o in c.Outputs)
        {
            switch (o["output_type"]!.GetValue<string>())
            {
                case "stream":
                    var name = o["name"]!.GetValue<string>();
                    streams[name] = streams.GetValueOrDefault(name, "") + Joined(o["text"]);
                    break;
                case "error":
                    rest.Add($"{o["ename"]}: {o["evalue"]}\n{Joined(o["traceback"], "\n")}");
                    break;
                default:
                    rest.Add($"{o["output_type"]}: {Joined(o["data"]?["text/plain"])}");
                    break;
            }
        }
        // Stream chunks may interleave differently with displays (frontends merge them); compare per stream name.
        return string.Join("\n", streams.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}").Concat(rest));
    }).ToList();

    private static string Joined(JsonNode? node, string separator = "") => node switch
    {
        JsonArray a => string.Join(separator, a.Select(x => x!.GetValue<string>())),
        null => "",
        _ => node.GetValue<string>(),
    };

    // Durations (and the elapsed/remaining clocks of progress bars) differ between two runs; everything else must match.
    private static string Normalize(string text) =>
        Regex.Replace(Regex.Replace(text, @"\d+(\.\d+)?\s?(ms|s|sec|seconds|it/s|s/it)\b", "<time>"), @"\b\d{1,2}:\d{2}(:\d{2})?\b", "<clock>");
}

/// <summary>Runs when notebooks/00* or notebooks/01* exist in the repository and nbconvert is available.</summary>
public sealed class CourseNotebooksFactAttribute : FactAttribute
{
    public CourseNotebooksFactAttribute()
    {
        if (Find().Count == 0) Skip = "notebooks/00-*.ipynb and notebooks/01-*.ipynb do not exist yet";
        else if (Environment.GetEnvironmentVariable("CI") != "true" && !Tools.PythonHas("nbclient", "nbconvert", "jupyter_client"))
            Skip = "python3 with nbclient and nbconvert not found: install Debian python3-nbclient and jupyter-nbconvert";
    }

    public static IReadOnlyList<string> Find()
    {
        var root = RepoPaths.FindRoot(AppContext.BaseDirectory);
        var dir = root is null ? null : Path.Combine(root, "notebooks");
        if (dir is null || !Directory.Exists(dir)) return [];
        return Directory.GetFiles(dir, "*.ipynb")
            .Where(f => Path.GetFileName(f) is var n && (n.StartsWith("00", StringComparison.Ordinal) || n.StartsWith("01", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal).ToList();
    }
}
