namespace NotebookCourse.Kernel.Grading;

/// <summary>
/// A notebook's exercise markup is wrong (unbalanced or nested markers, duplicate grade ids, a check cell that is also
/// a solution cell). The message names the notebook, the cell (1-based, as Jupyter counts it) and the line in the cell.
/// </summary>
public sealed class ExerciseFormatException(string notebook, int cell, int? line, string problem)
    : Exception(line is null ? $"{notebook}, cell {cell}: {problem}" : $"{notebook}, cell {cell}, line {line}: {problem}")
{
    /// <summary>The notebook's file name.</summary>
    public string Notebook { get; } = notebook;

    /// <summary>1-based position of the cell in the notebook.</summary>
    public int Cell { get; } = cell;

    /// <summary>1-based line within the cell, when the problem sits on one line.</summary>
    public int? Line { get; } = line;
}
