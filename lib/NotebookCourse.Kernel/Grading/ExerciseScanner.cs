using NotebookCourse.Kernel.Ipynb;

namespace NotebookCourse.Kernel.Grading;

/// <summary>
/// Finds the graded cells of an instructor's notebook and gives each a stable grade id.
/// A <b>solution cell</b> holds solution markers (code or markdown). A <b>check cell</b> is a code cell with a
/// <c>// points: N</c> comment, hidden tests, the tag <c>check</c>, or — the syllabus convention — the first
/// code cell after a code solution cell. Ids: an explicit <c>metadata.notebookcourse.grade_id</c> wins;
/// otherwise solution cells are <c>exercise-1</c>, <c>exercise-2</c>… in order and their checks
/// <c>exercise-1-check</c> (<c>exercise-1-check-2</c> for a second one), so the same source always gives the same ids.
/// </summary>
public static class ExerciseScanner
{
    /// <summary>The graded cells in notebook order; throws <see cref="ExerciseFormatException"/> for bad markup.</summary>
    public static IReadOnlyList<ExerciseCell> Scan(Notebook nb, string notebookName)
    {
        var found = new List<ExerciseCell>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int exercises = 0, looseChecks = 0, checksOfExercise = 0;
        bool awaitingCheck = false;
        for (int i = 0; i < nb.Cells.Count; i++)
        {
            var cell = nb.Cells[i];
            if (cell.CellType == "raw") continue;
            var markup = CellMarkup.Parse(cell.Source, cell.IsCode, notebookName, i + 1);
            var declared = GradeInfo.ReadFrom(cell.Metadata);
            string? explicitId = GradeInfo.ExplicitId(cell.Metadata);
            bool isCheck = cell.IsCode && (markup.HasHiddenTests || markup.Points is not null || cell.HasTag(Markers.CheckTag)
                || declared?.Kind == GradeKind.Check);
            bool isSolution = markup.HasSolution || (declared?.Kind == GradeKind.Solution && !isCheck);
            if (isSolution && isCheck)
                throw new ExerciseFormatException(notebookName, i + 1, null,
                    "the cell holds a solution and is also a check cell (hidden tests, '// points:' or the 'check' tag); " +
                    "put the checks in their own code cell after the exercise");

            ExerciseCell? graded = null;
            if (isSolution)
            {
                exercises++;
                checksOfExercise = 0;
                awaitingCheck = cell.IsCode;
                graded = new ExerciseCell(i, cell, markup, new GradeInfo(explicitId ?? $"exercise-{exercises}", GradeKind.Solution));
            }
            else if (cell.IsCode && !string.IsNullOrWhiteSpace(cell.Source) && (isCheck || awaitingCheck))
            {
                string derived = exercises == 0
                    ? $"check-{++looseChecks}"
                    : ++checksOfExercise == 1 ? $"exercise-{exercises}-check" : $"exercise-{exercises}-check-{checksOfExercise}";
                double points = markup.Points ?? declared?.Points ?? 1;
                var info = new GradeInfo(explicitId ?? derived, GradeKind.Check, points, Checksum.Of(markup.StudentSource(isCode: true)));
                graded = new ExerciseCell(i, cell, markup, info);
                awaitingCheck = false;
            }
            else if (cell.IsCode && !string.IsNullOrWhiteSpace(cell.Source))
            {
                awaitingCheck = false;
            }

            if (graded is null) continue;
            if (ids.TryGetValue(graded.Info.GradeId, out int other))
                throw new ExerciseFormatException(notebookName, i + 1, null,
                    $"grade id '{graded.Info.GradeId}' is already used by cell {other + 1}; give each graded cell its own " +
                    $"metadata.{GradeInfo.MetadataKey}.grade_id");
            ids[graded.Info.GradeId] = i;
            found.Add(graded);
        }
        return found;
    }
}
