using NotebookCourse.Kernel.Ipynb;

namespace NotebookCourse.Kernel.Grading;

/// <summary>A graded cell of an instructor's notebook: where it is, its parsed markup and its grading metadata.</summary>
/// <param name="Index">0-based position in the notebook.</param>
/// <param name="Cell">The instructor's cell (full source: solutions and hidden tests included).</param>
/// <param name="Markup">The parsed markers of the cell.</param>
/// <param name="Info">Grade id, kind, points and (for checks) the checksum of what students receive.</param>
public sealed record ExerciseCell(int Index, NotebookCell Cell, CellMarkup Markup, GradeInfo Info)
{
    /// <summary>The source students receive: stubs instead of solutions, no hidden tests.</summary>
    public string StudentSource => Markup.StudentSource(Cell.IsCode);
}
