using System.Text.Json.Nodes;
using NotebookCourse.Kernel.Grading;
using NotebookCourse.Kernel.Ipynb;

namespace NotebookCourse.Kernel.Tests.Grading;

/// <summary>Grades fixture submissions through the real notebook session (one Roslyn session per test).</summary>
public sealed class GraderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nbc-grade-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Save(Notebook nb, string folder)
    {
        string path = Path.Combine(_dir, folder, "ex.ipynb");
        NotebookFile.Write(nb, path);
        return path;
    }

    [Fact]
    public async Task One_correct_and_one_wrong_exercise_earn_2_of_3_and_the_report_says_why()
    {
        string source = Save(ExerciseFixture.Source(), "src");
        string submission = Save(ExerciseFixture.Submission(ExerciseFixture.SquareSolution, "    return Enumerable.Range(0, n).ToArray();"), "student");
        string outDir = Path.Combine(_dir, "graded");
        var stdout = new StringWriter();
        int rc = await GradingCommands.GradeAsync(submission, source, outDir, new GradeOptions(), stdout, TextWriter.Null, default);

        Assert.Equal(0, rc);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "ex.grade.json")))!;
        Assert.Equal(2, json["points_earned"]!.GetValue<double>());
        Assert.Equal(3, json["points_possible"]!.GetValue<double>());
        var checks = json["checks"]!.AsArray();
        Assert.Equal("exercise-1-check", checks[0]!["grade_id"]!.GetValue<string>());
        Assert.True(checks[0]!["passed"]!.GetValue<bool>());
        Assert.Null(checks[0]!["error"]);
        Assert.Equal("exercise-2-check", checks[1]!["grade_id"]!.GetValue<string>());
        Assert.Equal(0, checks[1]!["points_earned"]!.GetValue<double>());
        Assert.Equal("Exception: Evens(5) should be 0, 2, 4", checks[1]!["error"]!.GetValue<string>());
        Assert.Empty(json["notes"]!.AsArray());

        string table = File.ReadAllText(Path.Combine(outDir, "ex.grade.txt"));
        Assert.Equal(
            "notebook  grade_id          points  error\n" +
            "ex.ipynb  exercise-1-check  2/2\n" +
            "ex.ipynb  exercise-2-check  0/1     Exception: Evens(5) should be 0, 2, 4\n" +
            "ex.ipynb  total             2/3\n", table.Replace("\r\n", "\n"));
        Assert.StartsWith(table, stdout.ToString());

        // The executed graded notebook holds the hidden tests, the outputs and fast=true injected after the parameters.
        var graded = NotebookFile.Read(Path.Combine(outDir, "ex.ipynb"));
        var check1 = graded.Cells.Single(c => GradeInfo.ReadFrom(c.Metadata)?.GradeId == "exercise-1-check");
        Assert.Contains("Square(-4)", check1.Source);
        Assert.Equal("ok\n", check1.Outputs.Single()["text"]!.GetValue<string>());
        Assert.Contains("bool fast = true;", graded.Cells[2].Source);
        var check2 = graded.Cells.Single(c => GradeInfo.ReadFrom(c.Metadata)?.GradeId == "exercise-2-check");
        Assert.Equal("error", check2.Outputs.Single()["output_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Hidden_tests_decide_stubs_fail_checks_without_stopping_and_tampering_is_reported()
    {
        string source = Save(ExerciseFixture.Source(), "src");
        // Square passes the visible test (3*3 = 9) but not the hidden one; Evens is left as the stub.
        var nb = ExerciseFixture.Submission("    return x * 3;", null);
        nb.Cells[6].Source = "Console.WriteLine(\"trust me\");";
        string submission = Save(nb, "student");
        var report = await Grader.GradeAsync(submission, source, null, new GradeOptions());

        Assert.Equal(0, report.PointsEarned);
        Assert.Equal(3, report.PointsPossible);
        Assert.Equal("Exception: Square(-4) should be 16, got -12", report.Checks[0].Error);
        Assert.Null(report.Checks[0].Tampered);
        Assert.Equal("NotImplementedException: Ejercicio: escribe tu solución aquí", report.Checks[1].Error);
        Assert.Equal("the student's copy of the check cell was modified", report.Checks[1].Tampered);
        Assert.Null(report.GradedNotebook);
        Assert.Contains("tampered: the student's copy", report.ToTable());
    }

    [Fact]
    public async Task A_check_that_times_out_earns_nothing_and_later_checks_are_still_graded()
    {
        string source = Save(ExerciseFixture.Source(), "src");
        // Sleeping rather than spinning: the abandoned cell thread must not burn the CPU for the rest of the test run.
        string submission = Save(ExerciseFixture.Submission("    Thread.Sleep(Timeout.Infinite); return 0;", ExerciseFixture.EvensSolution), "student");
        var report = await Grader.GradeAsync(submission, source, null, new GradeOptions { CellTimeout = TimeSpan.FromSeconds(1.5) });

        Assert.Equal(1, report.PointsEarned);
        Assert.StartsWith("TimeoutError: ", report.Checks[0].Error);
        Assert.True(report.Checks[1].Passed);
    }

    [Fact]
    public async Task Unreadable_submission_is_a_tooling_error_with_exit_code_2()
    {
        string source = Save(ExerciseFixture.Source(), "src");
        string bad = Path.Combine(_dir, "bad.ipynb");
        File.WriteAllText(bad, "{ not json");
        var errors = new StringWriter();
        int rc = await GradingCommands.GradeAsync(bad, source, Path.Combine(_dir, "out"), new GradeOptions(), TextWriter.Null, errors, default);
        Assert.Equal(2, rc);
        Assert.Contains("bad.ipynb", errors.ToString());
        Assert.Contains("not valid JSON", errors.ToString());
        Assert.Equal(2, await GradingCommands.GradeAsync(source, source, Path.Combine(_dir, "src"), new GradeOptions(), TextWriter.Null, errors, default));
        Assert.Contains("would overwrite", errors.ToString());
    }
}
