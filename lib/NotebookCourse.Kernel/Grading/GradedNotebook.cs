using NotebookCourse.Kernel.Ipynb;

namespace NotebookCourse.Kernel.Grading;

/// <summary>One check cell placed in the notebook that will be executed for grading.</summary>
/// <param name="Exercise">The instructor's check cell.</param>
/// <param name="Cell">The cell in the graded notebook (instructor source, hidden tests restored).</param>
/// <param name="Tampered">Why the student's copy of the check differs from what was handed out; null when it does not.</param>
public sealed record PlacedCheck(ExerciseCell Exercise, NotebookCell Cell, string? Tampered);

/// <summary>
/// Builds the notebook that grading executes: the student's submission (their solution cells and any cells they
/// added) with every check cell replaced by the instructor's original, hidden tests included. Cells are matched by
/// grade id; a check the student deleted is put back after the graded cell that precedes it in the source.
/// </summary>
public static class GradedNotebook
{
    /// <summary>Returns the notebook to execute, the placed checks in source order, and notes for the report.</summary>
    public static (Notebook Notebook, IReadOnlyList<PlacedCheck> Checks, IReadOnlyList<string> Notes) Build(
        Notebook submission, string submissionName, IReadOnlyList<ExerciseCell> exercises)
    {
        var graded = StudentVersion.Clone(submission, submissionName);
        var notes = new List<string>();
        var byId = exercises.ToDictionary(e => e.Info.GradeId, StringComparer.Ordinal);
        var seen = new Dictionary<string, NotebookCell>(StringComparer.Ordinal);
        var placed = new Dictionary<string, PlacedCheck>(StringComparer.Ordinal);

        foreach (var cell in graded.Cells.ToList())
        {
            if (GradeInfo.ReadFrom(cell.Metadata) is not { } info) continue;
            if (!byId.TryGetValue(info.GradeId, out var exercise))
            {
                notes.Add($"cell '{info.GradeId}' of the submission is not in the source notebook; it runs but is not graded");
                continue;
            }
            if (!seen.TryAdd(info.GradeId, cell))
            {
                // A duplicated graded cell (copy-pasted by the student) must not be graded twice; the first one counts.
                notes.Add($"grade id '{info.GradeId}' appears more than once in the submission; only the first copy is graded");
                cell.Metadata.Remove(GradeInfo.MetadataKey);
                continue;
            }
            if (exercise.Info.Kind != GradeKind.Check) continue;
            placed[info.GradeId] = new PlacedCheck(exercise, cell, Tampering(cell, info, exercise));
            Restore(cell, exercise);
        }

        foreach (var exercise in exercises)
        {
            if (exercise.Info.Kind == GradeKind.Solution && !seen.ContainsKey(exercise.Info.GradeId))
                notes.Add($"solution cell '{exercise.Info.GradeId}' is missing from the submission; its checks will fail");
            if (exercise.Info.Kind != GradeKind.Check || placed.ContainsKey(exercise.Info.GradeId)) continue;
            var cell = StudentVersion.Clone(new Notebook { Cells = { exercise.Cell } }, submissionName).Cells[0];
            cell.Id = null;
            Restore(cell, exercise);
            graded.Cells.Insert(InsertionPoint(graded, exercises, exercise, seen), cell);
            seen[exercise.Info.GradeId] = cell;
            placed[exercise.Info.GradeId] = new PlacedCheck(exercise, cell, "the check cell was deleted from the submission (restored)");
        }
        return (graded, exercises.Where(e => e.Info.Kind == GradeKind.Check).Select(e => placed[e.Info.GradeId]).ToList(), notes);
    }

    private static string? Tampering(NotebookCell cell, GradeInfo claimed, ExerciseCell exercise)
    {
        string actual = Checksum.Of(cell.Source);
        if (actual != exercise.Info.Checksum)
            return actual == claimed.Checksum
                ? "the check differs from the current source notebook (was the source changed after assigning?)"
                : "the student's copy of the check cell was modified";
        if (claimed.Checksum != exercise.Info.Checksum || claimed.Points != exercise.Info.Points)
            return "the check cell's grading metadata was modified";
        return null;
    }

    private static void Restore(NotebookCell cell, ExerciseCell exercise)
    {
        cell.CellType = "code";
        cell.Source = exercise.Cell.Source;
        exercise.Info.WriteTo(cell.Metadata);
    }

    private static int InsertionPoint(Notebook graded, IReadOnlyList<ExerciseCell> exercises, ExerciseCell missing,
        Dictionary<string, NotebookCell> seen)
    {
        int position = exercises.ToList().IndexOf(missing);
        for (int i = position - 1; i >= 0; i--)
            if (seen.TryGetValue(exercises[i].Info.GradeId, out var before))
                return graded.Cells.IndexOf(before) + 1;
        for (int i = position + 1; i < exercises.Count; i++)
            if (seen.TryGetValue(exercises[i].Info.GradeId, out var after))
                return graded.Cells.IndexOf(after);
        return graded.Cells.Count;
    }
}
