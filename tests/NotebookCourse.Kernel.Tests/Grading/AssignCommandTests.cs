using NotebookCourse.Kernel.Grading;
using NotebookCourse.Kernel.Ipynb;

namespace NotebookCourse.Kernel.Tests.Grading;

public sealed class AssignCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nbc-assign-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Assign_writes_the_student_version_and_leaves_the_source_untouched()
    {
        string source = Path.Combine(_dir, "src", "ex.ipynb");
        NotebookFile.Write(ExerciseFixture.Source(), source);
        byte[] before = File.ReadAllBytes(source);
        var output = new StringWriter();
        int rc = GradingCommands.AssignAll([source], Path.Combine(_dir, "out"), output, TextWriter.Null);

        Assert.Equal(0, rc);
        Assert.Equal(before, File.ReadAllBytes(source));
        Assert.EndsWith("(2 checks, 3 points)\n", output.ToString().Replace("\r\n", "\n"));
        string written = File.ReadAllText(Path.Combine(_dir, "out", "ex.ipynb"));
        Assert.Equal(NotebookFile.Serialize(StudentVersion.Create(ExerciseFixture.Source(), "ex.ipynb")), written);
    }

    [Fact]
    public void Bad_markup_or_overwriting_the_source_is_exit_code_2_with_the_reason()
    {
        var nb = ExerciseFixture.Source();
        nb.Cells[4].Source += "\n// END HIDDEN TESTS";
        string source = Path.Combine(_dir, "ex.ipynb");
        NotebookFile.Write(nb, source);
        var errors = new StringWriter();
        Assert.Equal(2, GradingCommands.AssignAll([source], Path.Combine(_dir, "out"), TextWriter.Null, errors));
        Assert.Contains("assign: ex.ipynb, cell 5, line 7: '// END HIDDEN TESTS' without a matching '// BEGIN HIDDEN TESTS' before it", errors.ToString());
        Assert.False(File.Exists(Path.Combine(_dir, "out", "ex.ipynb")));

        NotebookFile.Write(ExerciseFixture.Source(), source);
        Assert.Equal(2, GradingCommands.AssignAll([source], _dir, TextWriter.Null, errors));
        Assert.Contains("would overwrite the instructor's", errors.ToString());
    }
}
