using System.Diagnostics;
using NotebookCourse.Kernel.Ipynb;
using NotebookCourse.Kernel.Parameters;

namespace NotebookCourse.Kernel.Runner;

/// <summary>
/// Executes notebooks headlessly, like papermill: parameters injected, code cells run in order in a fresh session,
/// the first failing cell stops the notebook (unless <see cref="RunOptions.AllowErrors"/>, like nbconvert's
/// --allow-errors), and the executed copy (with the error output) is written either way.
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

        var executed = await CellLoop.RunAsync(nb, path, options.CellTimeout, options.AllowErrors, options.Progress, ct);
        NotebookRunResult? failure = null;
        if (executed.FirstOrDefault(x => !x.Result.Succeeded) is { Cell: not null } failed)
            failure = new NotebookRunResult(path, false, 0, failed.Index, $"cell {failed.Result.ExecutionCount}",
                $"{failed.Result.ErrorName}: {failed.Result.ErrorValue}");
        else if (ct.IsCancellationRequested)
            // Interrupted between two cells: the cells that did not run must not count as passed.
            failure = new NotebookRunResult(path, false, 0, Error: $"OperationCanceledException: interrupted after {executed.Count} code cells");

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
