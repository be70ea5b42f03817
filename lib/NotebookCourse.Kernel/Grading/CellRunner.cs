using System.Diagnostics;
using NotebookCourse.Kernel.Ipynb;
using NotebookCourse.Kernel.Parameters;
using NotebookCourse.Kernel.Runner;
using NotebookCourse.Kernel.Session;

namespace NotebookCourse.Kernel.Grading;

/// <summary>
/// Executes every code cell of a notebook in one session like the headless runner does (same session, output
/// collection and fast-mode parameter injection) but keeps going after a failing cell, because each check is graded
/// on its own. Outputs land in the notebook's cells.
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
        foreach (var cell in nb.Cells.Where(c => c.IsCode))
        {
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
        }

        var results = new Dictionary<NotebookCell, CellResult>(ReferenceEqualityComparer.Instance);
        var cells = nb.Cells.Where(c => c.IsCode && !string.IsNullOrWhiteSpace(c.Source)).ToList();
        options.Progress?.WriteLine($"▶ {name} ({cells.Count} code cells)");
        var collector = new OutputCollector();
        using (var session = new NotebookSession(new NotebookSessionOptions
               {
                   BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!,
                   CellTimeout = options.CellTimeout,
               }))
        {
            int n = 0;
            foreach (var cell in cells)
            {
                ct.ThrowIfCancellationRequested();
                n++;
                var clock = Stopwatch.StartNew();
                var result = await session.ExecuteAsync(cell.Source, collector.For(cell, session.ExecutionCount + 1), ct: ct);
                cell.ExecutionCount = result.ExecutionCount;
                results[cell] = result;
                string status = result.Succeeded ? "ok" : $"{result.Status.ToString().ToLowerInvariant()}: {result.ErrorName}";
                options.Progress?.WriteLine($"  {name} [{n}/{cells.Count}] cell {result.ExecutionCount} {status} ({clock.Elapsed.TotalSeconds:0.00} s)");
            }
        }
        collector.Seal();
        return results;
    }

    private static bool HasFastParameter(Notebook nb) =>
        nb.Cells.FirstOrDefault(c => c.IsCode && c.HasTag(ParameterInjector.ParametersTag)) is { } p
        && ParameterInjector.DeclaredParameters(p.Source).ContainsKey("fast");
}
