using NotebookCourse.Kernel.Ipynb;

namespace NotebookCourse.Kernel.Grading;

/// <summary>
/// Makes the notebook students receive from the instructor's: solutions become stubs, markdown solutions and hidden
/// tests disappear, outputs and execution counts are cleared, graded cells carry their metadata.
/// <code>var student = StudentVersion.Create(NotebookFile.Read("src/03-cnn.ipynb"), "03-cnn.ipynb");</code>
/// </summary>
public static class StudentVersion
{
    /// <summary>A new notebook; <paramref name="source"/> is not modified.</summary>
    public static Notebook Create(Notebook source, string notebookName)
    {
        var exercises = ExerciseScanner.Scan(source, notebookName);
        var student = Clone(source, notebookName);
        foreach (var exercise in exercises)
        {
            var cell = student.Cells[exercise.Index];
            cell.Source = exercise.StudentSource;
            exercise.Info.WriteTo(cell.Metadata);
        }
        foreach (var cell in student.Cells.Where(c => c.IsCode))
        {
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
        }
        return student;
    }

    /// <summary>A deep copy through the notebook's own JSON form (cell ids, metadata and unknown keys included).</summary>
    internal static Notebook Clone(Notebook nb, string notebookName) =>
        NotebookFile.Parse(NotebookFile.Serialize(nb), notebookName);
}
