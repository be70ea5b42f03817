using NotebookCourse.Kernel.Ipynb;
using NotebookCourse.Kernel.Parameters;
using NotebookCourse.Kernel.Runner;
using NotebookCourse.Kernel.Session;

namespace NotebookCourse.Kernel.Grading;

/// <summary>
/// Executes every code cell of a notebook with the headless runner's cell loop (<see cref="CellLoop"/>), after
/// fast-mode parameter injection, and keeps going after a failing cell because each check is graded on its own.
/// Outputs land in the notebook's cells.
/// </summary>
internal static class CellRunner
{
    /// <summary>
    /// Runs <paramref name="nb"/> in place. Returns the result of every executed cell by the cell object (indices shift
    /// when the injected-parameters cell is added).
    /// </summary>
    public static async Task<IReadOnlyDictionary<NotebookCell, CellResult>> RunAllAsync(Notebook nb, string notebookPath,
        GradeOptions options, CancellationToken ct = default)
    {
        string name = Path.GetFileName(notebookPath);
        nb.Cells.RemoveAll(c => c.HasTag(ParameterInjector.InjectedTag));
        if (options.Fast && HasFastParameter(nb))
            ParameterInjector.Inject(nb, new Dictionary<string, string> { ["fast"] = "true" }, name);
        var executed = await CellLoop.RunAsync(nb, notebookPath, options.CellTimeout, continueOnError: true, options.Progress, ct);
        ct.ThrowIfCancellationRequested();
        var results = new Dictionary<NotebookCell, CellResult>(ReferenceEqualityComparer.Instance);
        foreach (var x in executed) results[x.Cell] = x.Result;
        return results;
    }

    private static bool HasFastParameter(Notebook nb) =>
        nb.Cells.FirstOrDefault(c => c.IsCode && c.HasTag(ParameterInjector.ParametersTag)) is { } p
        && ParameterInjector.DeclaredParameters(p.Source).ContainsKey("fast");
}
