using NotebookCourse.Kernel.Ipynb;
using NotebookCourse.Kernel.Session;

namespace NotebookCourse.Kernel.Grading;

/// <summary>What <see cref="Validator"/> found in one instructor notebook.</summary>
/// <param name="Notebook">The notebook's file name.</param>
/// <param name="Problems">Defects that make the exercise ungradable or unfair; empty when the notebook is fine.</param>
/// <param name="Warnings">Things worth a look that do not block assigning.</param>
public sealed record ValidationResult(string Notebook, IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings)
{
    /// <summary>True when there are no problems.</summary>
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// The instructor's sanity check before assigning: with the solutions every cell (checks and hidden tests included)
/// passes; in the student version every cell compiles, the stubs only make cells fail with
/// <see cref="NotImplementedException"/>, and no check with points passes without a solution.
/// </summary>
public static class Validator
{
    /// <summary>Validates one instructor notebook; throws only for an unreadable file.</summary>
    public static async Task<ValidationResult> ValidateAsync(string path, GradeOptions options, CancellationToken ct = default)
    {
        string name = Path.GetFileName(path);
        var source = NotebookFile.Read(path);
        var problems = new List<string>();
        var warnings = new List<string>();
        IReadOnlyList<ExerciseCell> exercises;
        try { exercises = ExerciseScanner.Scan(source, name); }
        catch (ExerciseFormatException e) { return new ValidationResult(name, [e.Message], []); }
        if (!exercises.Any(e => e.Info.Kind == GradeKind.Check))
            warnings.Add("no check cells: nothing would be graded");

        var instructor = StudentVersion.Clone(source, name);
        var ids = Ids(instructor, exercises);
        foreach (var (cell, result) in await CellRunner.RunAllAsync(instructor, path, options, ct))
            if (!result.Succeeded)
                problems.Add($"with the solutions, cell {result.ExecutionCount} {Label(ids, cell)}fails: {GradeReport.OneLine(result.ErrorName, result.ErrorValue)}");

        var student = StudentVersion.Create(source, name);
        foreach (var (cell, result) in await CellRunner.RunAllAsync(student, path, options, ct))
        {
            var info = GradeInfo.ReadFrom(cell.Metadata);
            string where = $"in the student version, cell {result.ExecutionCount} {(info is null ? "" : $"('{info.GradeId}') ")}";
            if (result.Status == CellStatus.CompileError)
                problems.Add(where + $"does not compile: {GradeReport.OneLine(result.ErrorName, result.ErrorValue)} " +
                    "(declare what later cells use outside the SOLUTION markers, or inside a function whose body is the solution)");
            else if (result.Succeeded && info is { Kind: GradeKind.Check, Points: > 0 })
                problems.Add(where + "passes without a solution, so it gives free points; make it assert on the exercise's result");
            else if (!result.Succeeded && result.ErrorName != nameof(NotImplementedException) && info is null)
                warnings.Add(where + $"fails: {GradeReport.OneLine(result.ErrorName, result.ErrorValue)} (students will see this error before solving)");
        }
        return new ValidationResult(name, problems, warnings);
    }

    private static Dictionary<NotebookCell, string> Ids(Notebook copy, IReadOnlyList<ExerciseCell> exercises) =>
        exercises.ToDictionary(e => copy.Cells[e.Index], e => e.Info.GradeId);

    private static string Label(Dictionary<NotebookCell, string> ids, NotebookCell cell) =>
        ids.TryGetValue(cell, out var id) ? $"('{id}') " : "";
}
