using System.Text.Json.Nodes;
using NotebookCourse.Kernel.Grading;
using NotebookCourse.Kernel.Ipynb;

namespace NotebookCourse.Kernel.Tests.Grading;

public sealed class GradedNotebookTests
{
    private static IReadOnlyList<ExerciseCell> Exercises => ExerciseScanner.Scan(ExerciseFixture.Source(), "ex.ipynb");

    [Fact]
    public void Hidden_tests_are_restored_and_the_students_solution_and_extra_cells_kept()
    {
        var submission = ExerciseFixture.Submission("    return x * 3;", null);
        submission.Cells.Insert(6, NotebookCell.Code("Console.WriteLine(Square(2)); // my own try"));
        var (graded, checks, notes) = GradedNotebook.Build(submission, "ex.ipynb", Exercises);

        Assert.Equal(9, graded.Cells.Count);
        Assert.Contains("return x * 3;", graded.Cells[3].Source);
        Assert.Equal(ExerciseFixture.SquareCheck, graded.Cells[4].Source);
        Assert.Contains("my own try", graded.Cells[6].Source);
        Assert.Equal(ExerciseFixture.EvensCheck, graded.Cells[7].Source);
        Assert.Equal(new[] { "exercise-1-check", "exercise-2-check" }, checks.Select(c => c.Exercise.Info.GradeId));
        Assert.Same(graded.Cells[4], checks[0].Cell);
        Assert.All(checks, c => Assert.Null(c.Tampered));
        Assert.Empty(notes);
    }

    [Fact]
    public void Edited_check_source_or_points_metadata_is_reported_as_tampering_and_the_original_runs()
    {
        var submission = ExerciseFixture.Submission(null, null);
        submission.Cells[4].Source = "// points: 2\nConsole.WriteLine(\"ok\");";
        ((JsonObject)submission.Cells[6].Metadata[GradeInfo.MetadataKey]!)["points"] = 50;
        var (graded, checks, _) = GradedNotebook.Build(submission, "ex.ipynb", Exercises);

        Assert.Equal("the student's copy of the check cell was modified", checks[0].Tampered);
        Assert.Equal("the check cell's grading metadata was modified", checks[1].Tampered);
        Assert.Equal(ExerciseFixture.SquareCheck, graded.Cells[4].Source);
        Assert.Equal(1, GradeInfo.ReadFrom(graded.Cells[6].Metadata)!.Points);
    }

    [Fact]
    public void A_check_changed_by_the_instructor_after_assigning_is_told_apart_from_a_student_edit()
    {
        var submission = ExerciseFixture.Submission(null, null);
        var source = ExerciseFixture.Source();
        source.Cells[6].Source = ExerciseFixture.EvensCheck.Replace("Evens(5)", "Evens(6)");
        var (graded, checks, _) = GradedNotebook.Build(submission, "ex.ipynb", ExerciseScanner.Scan(source, "ex.ipynb"));
        Assert.Null(checks[0].Tampered);
        Assert.Equal("the check differs from the current source notebook (was the source changed after assigning?)", checks[1].Tampered);
        Assert.Contains("Evens(6)", graded.Cells[6].Source);
    }

    [Fact]
    public void Whitespace_only_edits_are_not_tampering()
    {
        var submission = ExerciseFixture.Submission(null, null);
        submission.Cells[6].Source = ExerciseFixture.EvensCheck + "   \n\n";
        var (_, checks, _) = GradedNotebook.Build(submission, "ex.ipynb", Exercises);
        Assert.Null(checks[1].Tampered);
    }

    [Fact]
    public void A_deleted_check_is_put_back_after_its_exercise_and_a_missing_solution_is_noted()
    {
        var submission = ExerciseFixture.Submission(null, null);
        submission.Cells.RemoveAt(4);              // check of exercise 1
        submission.Cells[4].Metadata.Remove(GradeInfo.MetadataKey); // exercise 2 loses its metadata
        var (graded, checks, notes) = GradedNotebook.Build(submission, "ex.ipynb", Exercises);

        Assert.Equal(8, graded.Cells.Count);
        Assert.Equal(ExerciseFixture.SquareCheck, graded.Cells[4].Source);
        Assert.Same(graded.Cells[4], checks[0].Cell);
        Assert.Contains("deleted", checks[0].Tampered);
        Assert.Equal(new[] { "solution cell 'exercise-2' is missing from the submission; its checks will fail" }, notes);
    }

    [Fact]
    public void Unknown_and_duplicated_grade_ids_are_noted_and_graded_once()
    {
        var submission = ExerciseFixture.Submission(null, null);
        var copy = StudentVersion.Clone(new Notebook { Cells = { submission.Cells[6] } }, "ex.ipynb").Cells[0];
        copy.Id = "dup";
        submission.Cells.Add(copy);
        var stranger = NotebookCell.Code("Console.WriteLine(1);");
        new GradeInfo("bonus", GradeKind.Check, 10, "sha256:0").WriteTo(stranger.Metadata);
        submission.Cells.Add(stranger);
        var (graded, checks, notes) = GradedNotebook.Build(submission, "ex.ipynb", Exercises);

        Assert.Equal(2, checks.Count);
        Assert.Same(graded.Cells[6], checks[1].Cell);
        Assert.Equal(2, notes.Count);
        Assert.Contains("'exercise-2-check' appears more than once", notes[0]);
        Assert.Contains("'bonus' of the submission is not in the source notebook", notes[1]);
        Assert.Null(GradeInfo.ReadFrom(graded.Cells.Single(c => c.Id == "dup").Metadata));
    }
}
