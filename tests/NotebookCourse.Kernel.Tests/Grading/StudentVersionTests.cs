using System.Text.Json.Nodes;
using NotebookCourse.Kernel.Grading;
using NotebookCourse.Kernel.Ipynb;

namespace NotebookCourse.Kernel.Tests.Grading;

public sealed class StudentVersionTests
{
    private static GradeInfo Info(NotebookCell cell) => GradeInfo.ReadFrom(cell.Metadata) ?? throw new Xunit.Sdk.XunitException("no grade info");

    [Fact]
    public void Student_version_has_stubs_no_hidden_tests_no_markdown_answer_and_no_outputs()
    {
        var source = ExerciseFixture.Source();
        source.Cells[3].ExecutionCount = 4;
        source.Cells[3].Outputs.Add(NotebookOutputs.Stream("stdout", "secret\n"));
        string before = NotebookFile.Serialize(source);

        var student = StudentVersion.Create(source, "ex.ipynb");
        Assert.Equal(before, NotebookFile.Serialize(source));
        Assert.Equal($"static int Square(int x)\n{{\n    {Markers.Stub}\n}}", student.Cells[3].Source);
        Assert.Equal(ExerciseFixture.SquareCheckVisible, student.Cells[4].Source);
        Assert.Equal("¿Por qué?", student.Cells[7].Source);
        Assert.All(student.Cells.Where(c => c.IsCode), c => { Assert.Empty(c.Outputs); Assert.Null(c.ExecutionCount); });
        string json = NotebookFile.Serialize(student);
        Assert.DoesNotContain("Square(-4)", json);
        Assert.DoesNotContain("x * x", json);
        Assert.DoesNotContain("Porque sí", json);
        Assert.Equal(source.Cells.Select(c => c.Id), student.Cells.Select(c => c.Id));
    }

    [Fact]
    public void Graded_cells_carry_ids_kind_points_and_checksum_and_other_cells_none()
    {
        var student = StudentVersion.Create(ExerciseFixture.Source(), "ex.ipynb");
        Assert.Equal(new GradeInfo("exercise-1", GradeKind.Solution), Info(student.Cells[3]));
        Assert.Equal(new GradeInfo("exercise-1-check", GradeKind.Check, 2, Checksum.Of(ExerciseFixture.SquareCheckVisible)), Info(student.Cells[4]));
        Assert.Equal(new GradeInfo("exercise-2", GradeKind.Solution), Info(student.Cells[5]));
        Assert.Equal(new GradeInfo("exercise-2-check", GradeKind.Check, 1, Checksum.Of(ExerciseFixture.EvensCheck)), Info(student.Cells[6]));
        Assert.Equal(new GradeInfo("exercise-3", GradeKind.Solution), Info(student.Cells[7]));
        foreach (int i in new[] { 0, 1, 2 }) Assert.Null(GradeInfo.ReadFrom(student.Cells[i].Metadata));

        var meta = (JsonObject)student.Cells[4].Metadata[GradeInfo.MetadataKey]!;
        Assert.Equal(2, meta["points"]!.GetValue<int>());
        Assert.True(meta["grade"]!.GetValue<bool>());
        Assert.False(meta["solution"]!.GetValue<bool>());
        Assert.True(((JsonObject)student.Cells[3].Metadata[GradeInfo.MetadataKey]!)["solution"]!.GetValue<bool>());
    }

    [Fact]
    public void Ids_are_stable_across_runs_and_explicit_ids_win()
    {
        string first = NotebookFile.Serialize(StudentVersion.Create(ExerciseFixture.Source(), "ex.ipynb"));
        string second = NotebookFile.Serialize(StudentVersion.Create(ExerciseFixture.Source(), "ex.ipynb"));
        Assert.Equal(first, second);

        var source = ExerciseFixture.Source();
        source.Cells[5].Metadata[GradeInfo.MetadataKey] = new JsonObject { ["grade_id"] = "evens" };
        var student = StudentVersion.Create(source, "ex.ipynb");
        Assert.Equal("evens", Info(student.Cells[5]).GradeId);
        Assert.Equal("exercise-2-check", Info(student.Cells[6]).GradeId);
    }

    [Fact]
    public void Check_cells_are_recognised_by_points_hidden_tests_tag_or_position_only()
    {
        var nb = Notebook.CreateCourseNotebook();
        nb.Cells.Add(NotebookCell.Code("var a = 1;"));                                 // plain
        nb.Cells.Add(NotebookCell.Code("if (a != 1) throw new Exception();", "check")); // tagged, before any exercise
        nb.Cells.Add(NotebookCell.Code("int F()\n{\n    // BEGIN SOLUTION\n    return 1;\n    // END SOLUTION\n}"));
        nb.Cells.Add(NotebookCell.Markdown("text between"));
        nb.Cells.Add(NotebookCell.Code("   "));                                         // blank: skipped
        nb.Cells.Add(NotebookCell.Code("if (F() != 1) throw new Exception();"));        // first code after a solution
        nb.Cells.Add(NotebookCell.Code("// points: 0.5\nif (F() < 0) throw new Exception();"));
        nb.Cells.Add(NotebookCell.Code("Console.WriteLine(F());"));                     // plain again
        var found = ExerciseScanner.Scan(nb, "k.ipynb");
        Assert.Equal(new[] { (1, "check-1", 1.0), (2, "exercise-1", 0.0), (5, "exercise-1-check", 1.0), (6, "exercise-1-check-2", 0.5) },
            found.Select(e => (e.Index, e.Info.GradeId, e.Info.Points)));
    }

    [Fact]
    public void Duplicate_ids_and_solution_with_checks_in_one_cell_are_errors_naming_the_cell()
    {
        var nb = ExerciseFixture.Source();
        nb.Cells[6].Metadata[GradeInfo.MetadataKey] = new JsonObject { ["grade_id"] = "exercise-1-check" };
        var e = Assert.Throws<ExerciseFormatException>(() => StudentVersion.Create(nb, "ex.ipynb"));
        Assert.Equal("ex.ipynb, cell 7: grade id 'exercise-1-check' is already used by cell 5; give each graded cell its own metadata.notebookcourse.grade_id", e.Message);

        nb = ExerciseFixture.Source();
        nb.Cells[3].Source += "\n// points: 2";
        e = Assert.Throws<ExerciseFormatException>(() => StudentVersion.Create(nb, "ex.ipynb"));
        Assert.Equal(4, e.Cell);
        Assert.Contains("holds a solution and is also a check cell", e.Message);
    }

    [Fact]
    public void Unbalanced_marker_in_a_notebook_names_notebook_cell_and_line()
    {
        var nb = ExerciseFixture.Source();
        nb.Cells[5].Source = nb.Cells[5].Source.Replace("    // END SOLUTION\n", "");
        var e = Assert.Throws<ExerciseFormatException>(() => StudentVersion.Create(nb, "03-cnn.ipynb"));
        Assert.Equal("03-cnn.ipynb, cell 6, line 3: '// BEGIN SOLUTION' is never closed; add '// END SOLUTION' after the region", e.Message);
    }
}
