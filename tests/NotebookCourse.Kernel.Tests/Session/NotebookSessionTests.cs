using NotebookCourse.Kernel.Session;

namespace NotebookCourse.Kernel.Tests.Session;

public sealed class NotebookSessionTests(SessionFixture fx) : IClassFixture<SessionFixture>
{
    [Fact]
    public async Task Variables_and_types_persist_across_cells()
    {
        await fx.Run("record Point(int X, int Y); var p = new Point(2, 3); int total = 10;");
        var (result, obs) = await fx.Run("total += p.X * p.Y; total");
        Assert.True(result.Succeeded, obs.Traceback.FirstOrDefault());
        Assert.Equal("16", obs.ResultText);
    }

    [Fact]
    public async Task Trailing_expression_gives_result_but_statement_and_void_do_not()
    {
        Assert.Equal("42", (await fx.Run("6 * 7")).Observer.ResultText);
        Assert.Null((await fx.Run("var z = 6 * 7;")).Observer.ResultText);
        Assert.Null((await fx.Run("Console.Write(\"\")")).Observer.ResultText);
        Assert.Equal("null", (await fx.Run("string s = null; s")).Observer.ResultText);
        Assert.Equal("int[3] { 1, 2, 3 }", (await fx.Run("new[] { 1, 2, 3 }")).Observer.ResultText);
    }

    [Fact]
    public async Task Stdout_and_stderr_are_captured_per_cell_including_from_tasks()
    {
        var (result, obs) = await fx.Run(
            "Console.WriteLine(\"main\"); await Task.Run(() => Console.WriteLine(\"from task\")); Console.Error.Write(\"warn\");");
        Assert.True(result.Succeeded, string.Join("\n", obs.Traceback));
        Assert.Equal("main\nfrom task\n", obs.Stdout.Replace("\r\n", "\n"));
        Assert.Equal("warn", obs.Stderr);
    }

    [Fact]
    public async Task Compile_error_names_cell_and_line()
    {
        var (result, obs) = await fx.Run("int a = 1;\nint b = a +;\n", new CellOptions(Name: "cell 7"));
        Assert.Equal(CellStatus.CompileError, result.Status);
        Assert.StartsWith("cell 7, line 2, column", result.ErrorValue);
        Assert.Contains("CS1525", result.ErrorValue);
        Assert.Equal("error", obs.Events.Last().Kind);
    }

    [Fact]
    public async Task Exception_traceback_names_cell_and_line_without_generated_frames()
    {
        var (result, obs) = await fx.Run(
            "void Check(int n)\n{\n    if (n > 2) throw new InvalidOperationException($\"n too big: {n}\");\n}\nCheck(1);\nCheck(3);",
            new CellOptions(Name: "cell 4"));
        Assert.Equal(CellStatus.Exception, result.Status);
        Assert.Equal("InvalidOperationException", result.ErrorName);
        Assert.Equal("n too big: 3", result.ErrorValue);
        var tb = string.Join("\n", result.Traceback!);
        Assert.Contains("at cell 4, line 3, in Check()", tb);
        Assert.Contains("at cell 4, line 6", tb);
        Assert.DoesNotContain("Submission#", tb);
        Assert.DoesNotContain("Microsoft.CodeAnalysis", tb);
    }
}
