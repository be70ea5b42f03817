using System.Diagnostics;
using NotebookCourse.Kernel.Ipynb;
using NotebookCourse.Kernel.Parameters;
using NotebookCourse.Kernel.Session;

namespace NotebookCourse.Kernel.Runner;

/// <summary>
/// Executes notebooks headlessly, like papermill: parameters injected, code cells run in order in a fresh session,
/// the first failing cell stops the notebook, and the executed copy (with the error output) is written either way.
/// <code>var result = await NotebookRunner.RunAsync("notebooks/00-intro.ipynb", new RunOptions { OutDirectory = "out" });</code>
/// </summary>
public static class NotebookRunner
{
    /// <summary>Runs one notebook; never throws for notebook problems (they become a failed result).</summary>
    public static async Task<NotebookRunResult> RunAsync(string path, RunOptions options, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        string name = Path.GetFileName(path);
        Notebook nb;
        try
        {
            nb = NotebookFile.Read(path);
            ParameterInjector.Inject(nb, options.Parameters, name);
        }
        catch (Exception e) when (e is NotebookFormatException or ArgumentException)
        {
            options.Progress?.WriteLine($"✗ {e.Message}");
            return new NotebookRunResult(path, false, clock.Elapsed.TotalSeconds, Error: e.Message);
        }

        foreach (var cell in nb.Cells.Where(c => c.IsCode))
        {
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
        }

        // Like nbclient, blank code cells are skipped and keep no execution count.
        var codeCells = nb.Cells.Select((c, i) => (Cell: c, Index: i))
            .Where(x => x.Cell.IsCode && !string.IsNullOrWhiteSpace(x.Cell.Source)).ToList();
        options.Progress?.WriteLine($"▶ {name} ({codeCells.Count} code cells)");
        var collector = new OutputCollector();
        NotebookRunResult? failure = null;
        using (var session = new NotebookSession(new NotebookSessionOptions
               {
                   BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(path))!,
                   CellTimeout = options.CellTimeout,
               }))
        {
            int n = 0;
            foreach (var (cell, index) in codeCells)
            {
                n++;
                var cellClock = Stopwatch.StartNew();
                int count = session.ExecutionCount + 1;
                var result = await session.ExecuteAsync(cell.Source, collector.For(cell, count), ct: ct);
                cell.ExecutionCount = result.ExecutionCount;
                string status = result.Succeeded ? "ok" : result.Status.ToString().ToLowerInvariant();
                options.Progress?.WriteLine($"  {name} [{n}/{codeCells.Count}] cell {result.ExecutionCount} {status} ({cellClock.Elapsed.TotalSeconds:0.00} s)");
                if (result.Succeeded) continue;
                failure = new NotebookRunResult(path, false, 0, index, $"cell {result.ExecutionCount}",
                    $"{result.ErrorName}: {result.ErrorValue}");
                break;
            }
        }

        collector.Seal();
        string? written = null;
        if (options.OutDirectory is { } outDir)
        {
            written = Path.Combine(outDir, name);
            NotebookFile.Write(nb, written);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        var final = failure is null
            ? new NotebookRunResult(path, true, seconds, OutputPath: written)
            : failure with { Seconds = seconds, OutputPath = written };
        options.Progress?.WriteLine(final.Passed ? $"✓ {name} ({seconds:0.0} s)" : $"✗ {final.Describe()}");
        return final;
    }
}
