using NotebookCourse.Kernel.Session;

namespace NotebookCourse.Kernel.Tests.Session;

public sealed class SessionReferencesTests(SessionFixture fx) : IClassFixture<SessionFixture>
{
    [Fact]
    public async Task Load_resolves_relative_to_the_notebook_folder_and_errors_name_the_file()
    {
        Directory.CreateDirectory(Path.Combine(fx.BaseDirectory, "helpers"));
        File.WriteAllText(Path.Combine(fx.BaseDirectory, "helpers", "square.csx"),
            "int Square(int v) => v * v;\nvoid Boom() =>\n    throw new ArgumentException(\"boom\");\n");
        var (result, obs) = await fx.Run("#load \"helpers/square.csx\"\nSquare(9)");
        Assert.True(result.Succeeded, string.Join("\n", obs.Traceback));
        Assert.Equal("81", obs.ResultText);

        var (failed, _) = await fx.Run("Boom();", new CellOptions(Name: "cell 3"));
        var tb = string.Join("\n", failed.Traceback!);
        Assert.Contains("at square.csx, line 3, in Boom()", tb);
        Assert.Contains("at cell 3, line 1", tb);
    }

    [Fact]
    public async Task Hash_r_loads_a_built_dll_relative_to_the_notebook_folder()
    {
        // A dll the session does not reference by default: the test assembly itself, copied next to the notebook.
        string dll = typeof(SessionReferencesTests).Assembly.Location;
        Directory.CreateDirectory(Path.Combine(fx.BaseDirectory, "lib"));
        File.Copy(dll, Path.Combine(fx.BaseDirectory, "lib", Path.GetFileName(dll)), overwrite: true);
        var (result, obs) = await fx.Run(
            $"#r \"lib/{Path.GetFileName(dll)}\"\nNotebookCourse.Kernel.Tests.Session.ReferencedFromNotebook.Answer(2)");
        Assert.True(result.Succeeded, string.Join("\n", obs.Traceback));
        Assert.Equal("84", obs.ResultText);
    }

    [Fact]
    public async Task Missing_reference_is_a_compile_error_naming_the_path()
    {
        var (result, _) = await fx.Run("#r \"nowhere/missing.dll\"");
        Assert.Equal(CellStatus.CompileError, result.Status);
        Assert.Contains("missing.dll", result.ErrorValue);
    }

    [Fact]
    public async Task Course_library_is_referenced_by_default()
    {
        var (result, obs) = await fx.Run("NotebookCourse.Runtime.NotebookHost.InNotebook");
        Assert.True(result.Succeeded, string.Join("\n", obs.Traceback));
        Assert.Equal("true", obs.ResultText);
    }

    [Fact]
    public void IsComplete_tells_complete_incomplete_and_invalid_apart()
    {
        Assert.Equal(CodeCompleteness.Complete, NotebookSession.IsComplete("var x = 1;"));
        Assert.Equal(CodeCompleteness.Complete, NotebookSession.IsComplete("x + 1"));
        Assert.Equal(CodeCompleteness.Incomplete, NotebookSession.IsComplete("for (int i = 0; i < 3; i++) {"));
        Assert.Equal(CodeCompleteness.Invalid, NotebookSession.IsComplete("int = = 3;"));
    }
}

/// <summary>Called from a notebook cell after <c>#r</c> of this test assembly.</summary>
public static class ReferencedFromNotebook
{
    public static int Answer(int factor) => 42 * factor;
}
