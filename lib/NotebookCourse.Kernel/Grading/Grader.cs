using NotebookCourse.Kernel.Ipynb;

namespace NotebookCourse.Kernel.Grading;

/// <summary>
/// Grades a submission against the instructor's notebook: restores the original check cells (hidden tests included),
/// executes everything (continuing after failures), and gives each check its points when it ran without error.
/// <code>var report = await Grader.GradeAsync("alumno/03-cnn.ipynb", "src/03-cnn.ipynb", "graded/", new GradeOptions());
/// Console.Write(report.ToTable());</code>
/// </summary>
public static class Grader
{
    /// <summary>
    /// Grades one submission; writes the executed graded notebook, <c>NAME.grade.json</c> and <c>NAME.grade.txt</c>
    /// into <paramref name="outDirectory"/> when given. Throws <see cref="NotebookFormatException"/> or
    /// <see cref="ExerciseFormatException"/> for unreadable notebooks (tooling errors, not a student's lost points).
    /// </summary>
    public static async Task<GradeReport> GradeAsync(string submissionPath, string sourcePath, string? outDirectory,
        GradeOptions options, CancellationToken ct = default)
    {
        string name = Path.GetFileName(submissionPath);
        string? gradedPath = outDirectory is null ? null : Path.Combine(outDirectory, name);
        if (gradedPath is not null && (SamePath(gradedPath, submissionPath) || SamePath(gradedPath, sourcePath)))
            throw new ArgumentException($"grade: --out {outDirectory} would overwrite {gradedPath}; choose another folder");
        string? stem = outDirectory is null ? null : Path.Combine(outDirectory, Path.GetFileNameWithoutExtension(name));
        // A report left from an earlier run must not pass for this one if the student's code ends the process.
        if (stem is not null)
            foreach (var stale in new[] { stem + ".grade.json", stem + ".grade.txt" })
                if (File.Exists(stale)) File.Delete(stale);
        var source = NotebookFile.Read(sourcePath);
        var submission = NotebookFile.Read(submissionPath);
        var exercises = ExerciseScanner.Scan(source, Path.GetFileName(sourcePath));
        var (graded, checks, notes) = GradedNotebook.Build(submission, name, exercises);

        // Run from the submission's folder so that its relative #r/#load and data paths resolve as the student had them.
        var results = await CellRunner.RunAllAsync(graded, submissionPath, options, ct);

        var rows = new List<CheckGrade>();
        var allNotes = new List<string>(notes);
        foreach (var check in checks)
        {
            var info = check.Exercise.Info;
            string? error = results.TryGetValue(check.Cell, out var result)
                ? result.Succeeded ? null : GradeReport.OneLine(result.ErrorName, result.ErrorValue)
                : "the check cell did not run";
            rows.Add(new CheckGrade(info.GradeId, info.Points, error is null ? info.Points : 0, error, check.Tampered));
        }
        foreach (var (cell, result) in results)
            if (!result.Succeeded && !checks.Any(c => ReferenceEquals(c.Cell, cell)))
                allNotes.Add($"cell {result.ExecutionCount} ({Describe(cell)}) failed: {GradeReport.OneLine(result.ErrorName, result.ErrorValue)}");

        if (gradedPath is not null) NotebookFile.Write(graded, gradedPath);
        var report = new GradeReport(name, submissionPath, sourcePath, rows, allNotes, gradedPath);
        if (stem is not null)
        {
            File.WriteAllText(stem + ".grade.json", report.ToJson());
            File.WriteAllText(stem + ".grade.txt", report.ToTable());
        }
        return report;
    }

    private static string Describe(NotebookCell cell) =>
        GradeInfo.ReadFrom(cell.Metadata) is { } info ? $"'{info.GradeId}'" : "not graded";

    internal static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
}
