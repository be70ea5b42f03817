using System.Text.Json.Nodes;
using NotebookCourse.Kernel.Ipynb;
using NotebookCourse.Kernel.Parameters;
using NotebookCourse.Kernel.Runner;

namespace NotebookCourse.Kernel.Tests.Runner;

public sealed class NotebookRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nbc-runner-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string SelfTest => Path.Combine(AppContext.BaseDirectory, "Fixtures", "selftest.ipynb");

    private string Out => Path.Combine(_dir, "out");

    private static string Text(JsonObject output) => output["data"]!["text/plain"]!.GetValue<string>();

    [Fact]
    public async Task Self_test_notebook_runs_in_fast_mode_with_final_display_state_and_results()
    {
        byte[] before = File.ReadAllBytes(SelfTest);
        var result = await NotebookRunner.RunAsync(SelfTest, new RunOptions
        {
            Parameters = new Dictionary<string, string> { ["fast"] = "true" }, OutDirectory = Out,
        });
        Assert.True(result.Passed, result.Describe());
        Assert.Equal(before, File.ReadAllBytes(SelfTest));

        var nb = NotebookFile.Read(result.OutputPath!);
        int injected = nb.Cells.FindIndex(c => c.HasTag(ParameterInjector.InjectedTag));
        Assert.Equal(nb.Cells.FindIndex(c => c.HasTag(ParameterInjector.ParametersTag)) + 1, injected);
        Assert.Contains("bool fast = true;", nb.Cells[injected].Source);

        var train = nb.Cells.Single(c => c.Id == "train");
        Assert.Equal(2, train.Outputs.Count);
        Assert.Equal("display_data", train.Outputs[0]["output_type"]!.GetValue<string>());
        Assert.Equal("epoch 2/2", Text(train.Outputs[0]));
        Assert.Equal("full: 2 epochs\n", train.Outputs[1]["text"]!.GetValue<string>());
        var last = nb.Cells.Single(c => c.Id == "result");
        Assert.Equal("0.81", Text(last.Outputs.Single()));
        Assert.Equal(last.ExecutionCount, last.Outputs.Single()["execution_count"]!.GetValue<int>());
        Assert.Equal(Enumerable.Range(1, 6).Cast<int?>(), nb.Cells.Where(c => c.IsCode).Select(c => c.ExecutionCount));
    }

    [Fact]
    public async Task Failing_cell_stops_the_notebook_and_the_copy_keeps_the_error()
    {
        var nb = Notebook.CreateCourseNotebook();
        nb.Cells.Add(NotebookCell.Code("Console.WriteLine(\"before\");"));
        nb.Cells.Add(NotebookCell.Markdown("text"));
        nb.Cells.Add(NotebookCell.Code("string text = \"abc\";\nvar n = int.Parse(text);"));
        nb.Cells.Add(NotebookCell.Code("Console.WriteLine(\"never\");"));
        string path = Path.Combine(_dir, "broken.ipynb");
        NotebookFile.Write(nb, path);

        var result = await NotebookRunner.RunAsync(path, new RunOptions { OutDirectory = Out });
        Assert.False(result.Passed);
        Assert.Equal(2, result.FailedCell);
        Assert.Equal("cell 2", result.CellName);
        Assert.StartsWith("FormatException: ", result.Error);
        Assert.Contains("broken.ipynb failed at cell 2", result.Describe());

        var executed = NotebookFile.Read(result.OutputPath!);
        var error = executed.Cells[2].Outputs.Single();
        Assert.Equal("error", error["output_type"]!.GetValue<string>());
        Assert.True(error["traceback"]!.ToJsonString().Contains("at cell 2, line 2"), error["traceback"]!.ToJsonString());
        Assert.Empty(executed.Cells[3].Outputs);
        Assert.Null(executed.Cells[3].ExecutionCount);
    }

    [Fact]
    public async Task Allow_errors_runs_every_cell_but_still_names_the_first_failure()
    {
        var nb = Notebook.CreateCourseNotebook();
        nb.Cells.Add(NotebookCell.Code("int a = 1;"));
        nb.Cells.Add(NotebookCell.Code("throw new InvalidOperationException(\"first\");"));
        nb.Cells.Add(NotebookCell.Code("Console.WriteLine(a + 1);"));
        nb.Cells.Add(NotebookCell.Code("throw new ArgumentException(\"second\");"));
        string path = Path.Combine(_dir, "errors.ipynb");
        NotebookFile.Write(nb, path);

        var result = await NotebookRunner.RunAsync(path, new RunOptions { OutDirectory = Out, AllowErrors = true });
        Assert.False(result.Passed);
        Assert.Equal("cell 2", result.CellName);
        Assert.StartsWith("InvalidOperationException: first", result.Error);

        var executed = NotebookFile.Read(result.OutputPath!);
        Assert.Equal("2\n", executed.Cells[2].Outputs.Single()["text"]!.GetValue<string>());
        Assert.Equal(3, executed.Cells[2].ExecutionCount);
        Assert.Equal("ArgumentException", executed.Cells[3].Outputs.Single()["ename"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_interrupted_run_counts_as_failed_even_between_cells()
    {
        var nb = Notebook.CreateCourseNotebook();
        nb.Cells.Add(NotebookCell.Code("Console.WriteLine(1);"));
        string path = Path.Combine(_dir, "interrupted.ipynb");
        NotebookFile.Write(nb, path);

        var result = await NotebookRunner.RunAsync(path, new RunOptions { OutDirectory = Out }, new CancellationToken(canceled: true));
        Assert.False(result.Passed);
        Assert.Equal("OperationCanceledException: interrupted after 0 code cells", result.Error);
        Assert.Null(NotebookFile.Read(result.OutputPath!).Cells[0].ExecutionCount);
    }

    [Fact]
    public async Task Cli_run_prints_summary_ending_with_counts_and_fails_with_nonzero_exit()
    {
        var good = Notebook.CreateCourseNotebook();
        good.Cells.Add(NotebookCell.Code("bool fast = false;", "parameters"));
        good.Cells.Add(NotebookCell.Code("if (!fast) throw new Exception(\"expected fast\");"));
        NotebookFile.Write(good, Path.Combine(_dir, "01-good.ipynb"));
        var bad = Notebook.CreateCourseNotebook();
        bad.Cells.Add(NotebookCell.Code("bool fast = false;", "parameters"));
        bad.Cells.Add(NotebookCell.Code("while (true) NotebookCourse.Runtime.NotebookHost.ThrowIfCancelled();"));
        NotebookFile.Write(bad, Path.Combine(_dir, "02-bad.ipynb"));

        var progress = new StringWriter();
        var output = new StringWriter();
        int rc = await RunnerCommands.RunAsync([_dir], fast: true, [], Out, 0.5, progress, output, CancellationToken.None);

        Assert.Equal(1, rc);
        var lines = output.ToString().TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("1 passed, 1 failed", lines[^1]);
        Assert.Contains(lines, l => l.StartsWith("01-good.ipynb") && l.Contains("passed"));
        Assert.Contains(lines, l => l.StartsWith("02-bad.ipynb") && l.Contains("FAILED") && l.Contains("cell 3")
            && l.Contains("exceeded the 0.5 s timeout"));
        Assert.Contains("01-good.ipynb [1/3] cell 1 ok", progress.ToString());
        Assert.True(File.Exists(Path.Combine(Out, "02-bad.ipynb")));

        output.GetStringBuilder().Clear();
        Assert.Equal(0, await RunnerCommands.RunAsync([Path.Combine(_dir, "01-good.ipynb")], true, [], Out, 60, progress, output, default));
        Assert.EndsWith("1 passed, 0 failed", output.ToString().TrimEnd());
    }

    [Fact]
    public async Task Cli_run_rejects_missing_paths_and_bad_params_with_usage_exit_code()
    {
        var progress = new StringWriter();
        Assert.Equal(2, await RunnerCommands.RunAsync([Path.Combine(_dir, "nope.ipynb")], false, [], Out, 60, progress, TextWriter.Null, default));
        Assert.Contains("nope.ipynb' is neither a notebook nor a folder", progress.ToString());
        Assert.Equal(2, await RunnerCommands.RunAsync([SelfTest], false, ["epochs"], Out, 60, progress, TextWriter.Null, default));
        Assert.Contains("--param expects name=value, got 'epochs'", progress.ToString());
    }

    [Fact]
    public void Strip_clears_outputs_and_counts_atomically()
    {
        string path = Path.Combine(_dir, "strip.ipynb");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "reference.ipynb"), path);
        Assert.Equal(0, RunnerCommands.StripAll([path], TextWriter.Null));
        var nb = NotebookFile.Read(path);
        Assert.All(nb.Cells.Where(c => c.IsCode), c => { Assert.Empty(c.Outputs); Assert.Null(c.ExecutionCount); });
        Assert.Equal("ünïcødé ✓ 日本", nb.Metadata["zeta_unknown"]!["a"]!.GetValue<string>());

        string broken = Path.Combine(_dir, "broken.ipynb");
        File.WriteAllText(broken, "{ not json");
        Assert.Equal(1, RunnerCommands.StripAll([broken], TextWriter.Null));
        Assert.Equal("{ not json", File.ReadAllText(broken));
    }
}
