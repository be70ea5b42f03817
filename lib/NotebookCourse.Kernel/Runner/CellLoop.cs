using System.Diagnostics;
using NotebookCourse.Kernel.Ipynb;
using NotebookCourse.Kernel.Session;

namespace NotebookCourse.Kernel.Runner;

/// <summary>One executed code cell: the cell object, its index in the notebook's cell list, and its result.</summary>
internal readonly record struct ExecutedCell(NotebookCell Cell, int Index, CellResult Result);

/// <summary>
/// The cell loop shared by the headless runner and the grading tools: clears old outputs, runs every non-blank code
/// cell in order in one fresh session (blank cells are skipped and keep no execution count, like nbclient), collects
/// outputs into the cells and prints one progress line per cell. It stops at the first failing cell unless
/// <c>continueOnError</c> is set (grading checks each cell on its own; <c>run --allow-errors</c> wants every output),
/// and at cancellation.
/// </summary>
internal static class CellLoop
{
    public static async Task<List<ExecutedCell>> RunAsync(Notebook nb, string notebookPath, TimeSpan cellTimeout,
        bool continueOnError, TextWriter? progress, CancellationToken ct)
    {
        string name = Path.GetFileName(notebookPath);
        foreach (var cell in nb.Cells.Where(c => c.IsCode))
        {
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
        }
        var codeCells = nb.Cells.Select((c, i) => (Cell: c, Index: i))
            .Where(x => x.Cell.IsCode && !string.IsNullOrWhiteSpace(x.Cell.Source)).ToList();
        progress?.WriteLine($"▶ {name} ({codeCells.Count} code cells)");

        var executed = new List<ExecutedCell>(codeCells.Count);
        var collector = new OutputCollector();
        using (var session = new NotebookSession(new NotebookSessionOptions
               {
                   BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!,
                   CellTimeout = cellTimeout,
               }))
        {
            int n = 0;
            foreach (var (cell, index) in codeCells)
            {
                if (ct.IsCancellationRequested) break;
                n++;
                var clock = Stopwatch.StartNew();
                var result = await session.ExecuteAsync(cell.Source, collector.For(cell, session.ExecutionCount + 1), ct: ct);
                cell.ExecutionCount = result.ExecutionCount;
                executed.Add(new ExecutedCell(cell, index, result));
                string status = result.Succeeded ? "ok" : $"{result.Status.ToString().ToLowerInvariant()}: {result.ErrorName}";
                progress?.WriteLine($"  {name} [{n}/{codeCells.Count}] cell {result.ExecutionCount} {status} ({clock.Elapsed.TotalSeconds:0.00} s)");
                if (!result.Succeeded && !continueOnError) break;
            }
        }
        // Output from background work that outlives the notebook must not change cells while they are written.
        collector.Seal();
        return executed;
    }
}
