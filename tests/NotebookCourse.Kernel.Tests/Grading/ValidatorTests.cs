using NotebookCourse.Kernel.Grading;
using NotebookCourse.Kernel.Ipynb;

namespace NotebookCourse.Kernel.Tests.Grading;

public sealed class ValidatorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nbc-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Save(Notebook nb)
    {
        string path = Path.Combine(_dir, "ex.ipynb");
        NotebookFile.Write(nb, path);
        return path;
    }

    [Fact]
    public async Task Fixture_is_valid()
    {
        var output = new StringWriter();
        int rc = await GradingCommands.ValidateAsync([Save(ExerciseFixture.Source())], new GradeOptions(), output, TextWriter.Null, default);
        Assert.Equal("ex.ipynb: valid\n", output.ToString().Replace("\r\n", "\n"));
        Assert.Equal(0, rc);
    }

    [Fact]
    public async Task Wrong_solution_declarations_inside_markers_and_free_points_are_problems()
    {
        var nb = ExerciseFixture.Source();
        nb.Cells[3].Source = nb.Cells[3].Source.Replace("x * x", "x + x");                        // solution fails its own check
        nb.Cells.Add(NotebookCell.Code("// BEGIN SOLUTION\nvar answer = 42;\n// END SOLUTION")); // exercise-4
        nb.Cells.Add(NotebookCell.Code("if (answer != 42) throw new Exception(\"answer\");"));  // uses a variable the stub removes
        nb.Cells.Add(NotebookCell.Code("// BEGIN SOLUTION\nConsole.WriteLine(1);\n// END SOLUTION"));
        nb.Cells.Add(NotebookCell.Code("// points: 3\nConsole.WriteLine(\"always\");"));           // passes without a solution
        var result = await Validator.ValidateAsync(Save(nb), new GradeOptions());

        Assert.False(result.Ok);
        Assert.Equal(3, result.Problems.Count);
        Assert.Matches(@"^with the solutions, cell \d+ \('exercise-1-check'\) fails: Exception: Square\(3\) should be 9, got 6$", result.Problems[0]);
        Assert.Matches(@"^in the student version, cell \d+ \('exercise-4-check'\) does not compile: .*answer", result.Problems[1]);
        Assert.Matches(@"^in the student version, cell \d+ \('exercise-5-check'\) passes without a solution", result.Problems[2]);
    }
}
